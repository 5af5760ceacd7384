"""HTML goes out compressed; static files are pre-compressed and cached for at least a year."""

import json
import textwrap

from tests.ops.test_settings import PRODUCTION_ENV, run_manage

A_YEAR = 365 * 24 * 60 * 60


def test_html_is_gzipped_when_the_browser_accepts_it(client, db):
    plain = client.get("/accounts/login/")
    assert "Content-Encoding" not in plain
    zipped = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert len(zipped.content) < len(plain.content)


def test_static_files_are_compressed_and_cached_for_a_year(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static")}
    collected = run_manage("collectstatic", "--noinput", "-v0", env_overrides=env)
    assert collected.returncode == 0, collected.stderr
    probe = textwrap.dedent(
        """
        import json
        from django.contrib.staticfiles.storage import staticfiles_storage
        from django.test import Client
        url = staticfiles_storage.url("css/app.css")
        response = Client().get(
            url, HTTP_HOST="cpd.example.org", HTTP_ACCEPT_ENCODING="gzip", secure=True
        )
        print(json.dumps({"url": url, "status": response.status_code,
                          "encoding": response.get("Content-Encoding", ""),
                          "cache": response.get("Cache-Control", "")}))
        """
    )
    result = run_manage("shell", "-c", probe, env_overrides=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["status"] == 200
    assert found["url"] != "/static/css/app.css"  # hashed
    assert found["encoding"] in ("gzip", "br")
    max_age = int(found["cache"].split("max-age=")[1].split(",")[0])
    assert max_age >= A_YEAR and "immutable" in found["cache"]
    # An ES module imports the hashed names too, so a page never mixes old and new modules.
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    editor = (tmp_path / "static" / manifest["js/editor/main.js"]).read_text()
    autosave = manifest["js/editor/autosave.js"].removeprefix("js/editor/")
    assert f'from "./{autosave}"' in editor
