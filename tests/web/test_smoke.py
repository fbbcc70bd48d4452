def test_home_page_lists_a_published_post(client, factory):
    post = factory.post(title="A critique of the register")
    factory.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    assert "A critique of the register" in response.get_data(as_text=True)
    assert post.slug in response.get_data(as_text=True)
