"""The staff forms for signing in and for managing accounts. The account rules (a valid email,
a long enough password, a known role) are the accounts service's; these only read the fields."""
from __future__ import annotations

from forum.core.forms import ChoiceTextField, StaffForm, TextField


class LoginForm(StaffForm):
    email = TextField()
    password = TextField()
    remember = TextField()  # any value means the box was ticked

    @property
    def remember_me(self) -> bool:
        return bool(self.remember.data)


class NewUserForm(StaffForm):
    email = TextField()
    display_name = TextField()
    role = TextField()
    password = TextField()


class RoleForm(StaffForm):
    role = TextField()


class ActiveForm(StaffForm):
    active = ChoiceTextField(("0", "1"), message="Choose to deactivate or reactivate.")


class PasswordChangeForm(StaffForm):
    current_password = TextField()
    new_password = TextField()
    repeat_password = TextField()
