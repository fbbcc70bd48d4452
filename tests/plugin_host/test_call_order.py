"""`call_each` calls plugins in the order pluggy itself would: tryfirst first, trylast last,
and among the rest the plugin registered last first (pluggy's LIFO rule)."""
from __future__ import annotations

from itertools import permutations

import pluggy
import pytest

from forum import hookimpl, hookspecs
from forum.pluginmanager import ForumPlugins


def _slot_plugin(label: str, **order: bool):
    """A real plugin (a class instance with a marked method) answering the slot with its label."""
    class SlotPlugin:
        @hookimpl(**order)
        def forum_template_slot(self, slot, context):
            return label
    SlotPlugin.__name__ = f"SlotPlugin_{label}"
    return SlotPlugin()


PLUGINS = {
    "first": {"tryfirst": True},
    "last": {"trylast": True},
    "plain-a": {},
    "plain-b": {},
}


def _registered(order: tuple[str, ...]) -> ForumPlugins:
    manager = pluggy.PluginManager("forum")
    manager.add_hookspecs(hookspecs)
    for name in order:
        manager.register(_slot_plugin(name, **PLUGINS[name]), name=name)
    return ForumPlugins(manager)


@pytest.mark.parametrize("order", list(permutations(PLUGINS)), ids="-".join)
def test_call_each_follows_pluggys_own_call_order(order):
    plugins = _registered(order)
    pluggys_order = plugins.manager.hook.forum_template_slot(slot="head", context={})
    assert list(plugins.call_each("forum_template_slot", slot="head", context={})) \
        == pluggys_order
    assert pluggys_order[0] == "first" and pluggys_order[-1] == "last"


def test_tryfirst_runs_first_even_when_registered_first():
    plugins = _registered(("first", "plain-a", "plain-b", "last"))
    assert list(plugins.call_each("forum_template_slot", slot="head", context={})) == [
        "first", "plain-b", "plain-a", "last"]


def test_a_wrapper_is_not_called_as_an_implementation():
    class Wrapper:
        @hookimpl(wrapper=True)
        def forum_template_slot(self, slot, context):
            return (yield)

    plugins = _registered(("plain-a",))
    plugins.manager.register(Wrapper(), name="wrapper")
    assert list(plugins.call_each("forum_template_slot", slot="head", context={})) == ["plain-a"]
