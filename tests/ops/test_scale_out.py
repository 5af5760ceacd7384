"""Several app servers share nothing but PostgreSQL: a session made on one works on the other."""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest

from tests.ops.helpers import (
    app_server,
    drop_database,
    free_port,
    manage,
    postgres_url_or_skip,
    recreate_database,
)

pytestmark = pytest.mark.postgres

DATABASE = "cpd_ops_scaleout"


def test_login_on_one_server_keeps_working_on_another():
    base_url = postgres_url_or_skip()
    url = recreate_database(base_url, DATABASE)
    env = {
        "DATABASE_URL": url,
        "DEBUG": "true",
        "SECRET_KEY": "shared-secret-key-for-both-app-servers-in-this-test",
        "AXES_ENABLED": "false",
    }
    try:
        manage("migrate", "--no-input", env=env)
        manage(
            "shell",
            "-c",
            "from journal.models import User; "
            "from allauth.account.models import EmailAddress; "
            "u = User.objects.create_user('scaleout', 's@example.org', 'a-strong-pass-phrase-77'); "
            "EmailAddress.objects.create(user=u, email=u.email, primary=True, verified=True)",
            env=env,
        )
        with app_server(free_port(), env) as first, app_server(free_port(), env) as second:
            jar = http.cookiejar.CookieJar()
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
            login_page = opener.open(f"{first}/accounts/login/").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
            form = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "login": "scaleout",
                    "password": "a-strong-pass-phrase-77",
                }
            ).encode()
            request = urllib.request.Request(
                f"{first}/accounts/login/", data=form, headers={"Referer": f"{first}/"}
            )
            opener.open(request)
            assert any(cookie.name == "sessionid" for cookie in jar)

            # The same cookies, sent to the other server, are still a logged-in session.
            response = opener.open(f"{second}/accounts/password/change/")
            assert response.status == 200
            assert response.url.endswith("/accounts/password/change/")
    finally:
        drop_database(base_url, DATABASE)
