"""Categories in the panel: create, rename with redirects, nest without loops, merge, delete."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import AuditEntry, Category, Post


def _category(db_session, category_id):
    db_session.expire_all()
    return db_session.get(Category, category_id)


def _category_names(db_session, post_id) -> set[str]:
    db_session.expire_all()
    return {category.name for category in db_session.get(Post, post_id).categories}


def test_create_and_duplicate_slug(client, login, db_session):
    login("editor")
    assert client.post("/admin/categories", data={"name": "Transport"}).status_code == 303
    response = client.post("/admin/categories", data={
        "name": "Trains", "slug": "transport", "description": "Rail policy"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The slug “transport” is used by another category." in page
    assert 'value="Trains"' in page and "Rail policy" in page


def test_create_without_a_name_is_explained(client, login):
    login("editor")
    response = client.post("/admin/categories", data={"name": "  ", "description": "kept"})
    assert response.status_code == 400
    assert "Give the category a name." in response.get_data(as_text=True)


def test_rename_keeps_the_old_address_working(client, factory, login, db_session):
    login("editor")
    category = factory.category("Housing")
    factory.post(categories=[category], title="Rents")
    factory.session.commit()
    old_slug = category.slug
    response = client.post(f"/admin/categories/{category.id}", data={
        "name": "Housing and rents", "slug": "housing-rents", "description": ""})
    assert response.status_code == 303
    moved = client.get(f"/category/{old_slug}?page=1")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith("/category/housing-rents?page=1")
    assert "Rents" in client.get("/category/housing-rents").get_data(as_text=True)
    assert db_session.scalars(select(AuditEntry.action)
                              .where(AuditEntry.action == "category.rename")).one()
    # A new category may take the freed address; then it answers there itself.
    assert client.post("/admin/categories", data={"name": "Other", "slug": old_slug}) \
        .status_code == 303
    assert client.get(f"/category/{old_slug}").status_code == 200


def test_rename_to_a_taken_slug_is_refused(client, factory, login):
    login("editor")
    factory.category("Taken")
    mine = factory.category("Mine")
    factory.session.commit()
    response = client.post(f"/admin/categories/{mine.id}", data={
        "name": "Mine renamed", "slug": "taken"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "is used by another category" in page and 'value="Mine renamed"' in page


def test_nesting_refuses_a_loop(client, factory, login, db_session):
    login("editor")
    top = factory.category("Top")
    middle = factory.category("Middle", parent=top)
    bottom = factory.category("Bottom", parent=middle)
    factory.session.commit()
    response = client.post(f"/admin/categories/{top.id}", data={
        "name": "Top", "slug": top.slug, "parent_id": str(bottom.id)})
    assert response.status_code == 400
    assert "would make a loop" in response.get_data(as_text=True)
    response = client.post(f"/admin/categories/{top.id}", data={
        "name": "Top", "slug": top.slug, "parent_id": str(top.id)})
    assert response.status_code == 400
    assert _category(db_session, top.id).parent_id is None
    lone = factory.category("Lone")
    factory.session.commit()
    assert client.post(f"/admin/categories/{lone.id}", data={
        "name": "Lone", "slug": lone.slug, "parent_id": str(bottom.id)}).status_code == 303
    assert _category(db_session, lone.id).parent_id == bottom.id


def test_unknown_parent_is_explained(client, factory, login):
    login("editor")
    category = factory.category("Orphan")
    factory.session.commit()
    response = client.post(f"/admin/categories/{category.id}", data={
        "name": "Orphan", "parent_id": "99999"})
    assert response.status_code == 400
    assert "does not exist" in response.get_data(as_text=True)


def test_merge_moves_posts_keeps_their_other_categories_and_redirects(client, factory, login,
                                                                      db_session):
    login("editor")
    source = factory.category("Cars")
    target = factory.category("Transport")
    other = factory.category("Cities")
    child = factory.category("Electric cars", parent=source)
    both = factory.post(title="In both", categories=[source, target])
    mixed = factory.post(title="Cars and cities", categories=[source, other])
    factory.session.commit()
    source_id, source_slug = source.id, source.slug
    # An older address of the source should follow it too.
    assert client.post(f"/admin/categories/{source_id}", data={
        "name": "Cars", "slug": "automobiles"}).status_code == 303
    response = client.post(f"/admin/categories/{source_id}/merge",
                           data={"target_id": str(target.id)})
    assert response.status_code == 303
    assert _category(db_session, source_id) is None
    assert _category_names(db_session, both.id) == {"Transport"}
    assert _category_names(db_session, mixed.id) == {"Transport", "Cities"}
    assert _category(db_session, child.id).parent_id == target.id
    for slug in (source_slug, "automobiles"):
        response = client.get(f"/category/{slug}")
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"/category/{target.slug}")


def test_merge_needs_a_target(client, factory, login):
    login("editor")
    category = factory.category("Alone")
    factory.session.commit()
    response = client.post(f"/admin/categories/{category.id}/merge", data={"target_id": ""})
    assert response.status_code == 400
    assert "Choose the category to merge into." in response.get_data(as_text=True)
    response = client.post(f"/admin/categories/{category.id}/merge",
                           data={"target_id": str(category.id)})
    assert "cannot be merged into itself" in response.get_data(as_text=True)


def test_merge_into_a_subcategory_leaves_no_loop(client, factory, login, db_session):
    login("editor")
    parent = factory.category("Parent")
    kid = factory.category("Kid", parent=parent)
    factory.session.commit()
    assert client.post(f"/admin/categories/{parent.id}/merge",
                       data={"target_id": str(kid.id)}).status_code == 303
    assert _category(db_session, kid.id).parent_id is None


def test_delete_keeps_posts_and_their_other_categories(client, factory, login, db_session):
    login("editor")
    doomed = factory.category("Doomed")
    kept = factory.category("Kept")
    sub = factory.category("Sub", parent=doomed)
    post = factory.post(categories=[doomed, kept])
    factory.session.commit()
    doomed_id, doomed_slug = doomed.id, doomed.slug
    confirm = client.get(f"/admin/categories/{doomed_id}/delete")
    assert "keep their other categories" in confirm.get_data(as_text=True)
    assert client.post(f"/admin/categories/{doomed_id}/delete").status_code == 303
    assert _category(db_session, doomed_id) is None
    assert _category_names(db_session, post.id) == {"Kept"}
    assert _category(db_session, sub.id).parent_id is None
    assert client.get(f"/category/{doomed_slug}").status_code == 404
    assert client.get(f"/admin/categories/{doomed_id}").status_code == 404
