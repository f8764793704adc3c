"""The trainers' import page: upload a file, see what it would do, import all-or-nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

from catalogue_helpers import jsonld_course, resource_count, sandbox  # noqa: F401
from pathfinder_testing import csrf_from

URL = "/catalogue/import"


course = jsonld_course


def jsonld(*items) -> bytes:
    return json.dumps({"@context": "https://schema.org/", "@graph": list(items)}).encode()


def upload(client, data: bytes, name="courses.jsonld", **fields):
    token = csrf_from(client.get(URL).get_data(as_text=True))
    form = {"csrf_token": token, "file": (io.BytesIO(data), name), "format": ""}
    form.update({k: v for k, v in fields.items() if v})
    return client.post(URL, data=form, content_type="multipart/form-data")


def sign_in_trainer(auth):
    auth.create_user("tara@example.org", role="trainer")
    auth.login("tara@example.org")


def test_check_then_import_then_reimport_changes_nothing(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    before = resource_count(app)
    data = jsonld(course("Upload one"), course("Upload two"))

    checked = upload(client, data, dry_run="y")
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert "2 added · 0 updated · 0 unchanged · 0 rejected" in html
    assert "Upload one" in html and "nothing was imported (check only)" in html
    assert resource_count(app) == before

    imported = upload(client, data)
    assert imported.status_code == 200
    page = imported.get_data(as_text=True)
    assert "Imported courses.jsonld: 2 added, 0 updated, 0 unchanged, 0 rejected." in page
    # The per-record report of the real import, as for a check.
    assert "What the import did" in page and "New (2)" in page
    assert "Upload one" in page and "Upload two" in page
    assert resource_count(app)[0] == before[0] + 2

    again = upload(client, data, dry_run="y")
    assert "0 added · 0 updated · 2 unchanged · 0 rejected" in again.get_data(as_text=True)


def test_a_rejected_record_rejects_the_file_unless_asked_to_skip(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    before = resource_count(app)
    data = jsonld(course("Good upload"), course("Bad upload", url="not a url"))
    response = upload(client, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "nothing was imported" in html and "@graph item 2" in html
    assert resource_count(app) == before

    skipped = upload(client, data, skip_invalid="y")
    assert skipped.status_code == 200
    assert resource_count(app)[0] == before[0] + 1
    page = skipped.get_data(as_text=True)
    assert "What the import did" in page and "Rejected (1)" in page and "@graph item 2" in page
    assert "1 added · 0 updated · 0 unchanged · 1 rejected" in page


def test_a_csv_row_with_several_problems_reports_them_all(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    before = resource_count(app)
    data = b"Title,URL,kind,hours\nGood,https://upload.example/ok,course,2\n,nope,lecture,two\n"
    response = upload(client, data, name="rows.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and resource_count(app) == before
    row = next(line for line in page.splitlines() if "row 2" in line)
    for words in (
        "no Title",
        "is not an http(s) URL",
        "kind &#39;lecture&#39;",
        "hours &#39;two&#39;",
    ):
        assert words in row, (words, row)


def test_unreadable_files_get_a_clear_message_and_change_nothing(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    before = resource_count(app)
    for data, name in (
        (b"{not json", "broken.json"),
        (b"\x00\xff\x00binary", "x.csv"),
        (b"Name,Link\nGit,https://a.example/\n", "columns.csv"),
        (b"", "empty.csv"),
    ):
        response = upload(client, data, name=name)
        assert response.status_code == 400, name
        assert "Not imported" in response.get_data(as_text=True), name
    no_file = client.post(
        URL, data={"csrf_token": csrf_from(client.get(URL).get_data(as_text=True))}
    )
    assert no_file.status_code == 400
    assert "Choose a file to import." in no_file.get_data(as_text=True)
    assert resource_count(app) == before


def test_csv_upload_from_a_spreadsheet_in_windows_1252(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    text = "Title;URL;Keywords\nEinführung in Git;https://upload.example/git-de;git\n"
    response = upload(client, text.encode("cp1252"), name="export.csv", dry_run="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 added" in html and "Einführung in Git" in html
    assert "Windows-1252" in html  # the warning says how the file was read


def test_learners_cannot_import(app, client, auth):
    auth.signup()
    assert client.get(URL).status_code == 403


def test_tess_plain_json_is_recognised_without_choosing_a_format(app, client, auth, sandbox):  # noqa: F811
    # TeSS serves /materials.json as a plain array (not JSON-API) with HTML descriptions.
    sign_in_trainer(auth)
    doc = [
        {
            "id": 7,
            "title": "Galaxy for beginners",
            "url": "https://tess.example/materials/galaxy-for-beginners",
            "description": "<p>A first <em>Galaxy</em> tutorial.</p>",
            "keywords": ["galaxy"],
        }
    ]
    response = upload(client, json.dumps(doc).encode(), name="materials.json", dry_run="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    assert "1 added" in html and "Galaxy for beginners" in html


def test_provider_yaml_files_import_too(app, client, auth, sandbox):  # noqa: F811
    sign_in_trainer(auth)
    bundled = Path("catalogue/data/software-carpentry.yaml").read_bytes()
    response = upload(client, bundled, name="software-carpentry.yaml", dry_run="y")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "0 added · 0 updated" in html and "unchanged · 0 rejected" in html
    broken = upload(client, b"provider: [unclosed\n", name="broken.yaml")
    assert broken.status_code == 400 and "Not imported" in broken.get_data(as_text=True)
