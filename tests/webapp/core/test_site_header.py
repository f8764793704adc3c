"""The site header on every page: a menu button (shown by static/site.js on narrow screens)
controlling the navigation and account links, which stay in the page without script."""

from __future__ import annotations

import re


def test_the_header_has_a_menu_button_for_the_navigation(client, auth):
    for signed_in in (False, True):
        if signed_in:
            auth.create_user("ida@example.org", name="Ida Long-Surname-Example")
            auth.login("ida@example.org")
        html = client.get("/catalogue").get_data(as_text=True)
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        button = re.search(r"<button[^>]*class=\"menu-button\"[^>]*>", header).group(0)
        assert 'aria-controls="site-menu"' in button and 'aria-expanded="false"' in button
        assert " hidden" in button  # only the script shows it: without it the menu is open
        menu = header.split('id="site-menu"')[1]
        assert '<nav aria-label="Main">' in menu and "Catalogue</a>" in menu
        assert ("Sign out" in menu) is signed_in
        assert re.search(r'<script src="/static/site\.js(\?v=[0-9a-f]+)?" defer></script>', html)
    assert 'title="Your account: Ida Long-Surname-Example"' in header
