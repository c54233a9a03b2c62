"""Single sign-on is configuration: off without an issuer, read from SCENEHUB_OIDC_…, and a
provider that does not answer is a gateway error page, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scenehub.app import create_app
from scenehub.auth.roles import Role
from scenehub.errors import ConfigurationError
from scenehub.settings import Settings
from tests.conftest import TEST_SECRET
from tests.live_server import free_port


def test_without_an_issuer_the_login_page_is_unchanged(client: TestClient) -> None:
    page = client.get("/login?lang=en")
    assert page.status_code == 200 and "sso-login" not in page.text
    assert client.get("/login/oidc", follow_redirects=False).status_code == 404


def test_the_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = Settings()
    assert not default.oidc_enabled and default.oidc_org_claim == "uscc"
    assert Role.ADMIN not in default.oidc_role_map.values()
    monkeypatch.setenv("SCENEHUB_OIDC_ISSUER", "https://sso.zj.gov.cn")
    monkeypatch.setenv("SCENEHUB_OIDC_ROLE_MAP", '{"qiye": "firm", "zhongxin": "operator"}')
    monkeypatch.setenv("SCENEHUB_OIDC_PROVISION_USERS", "false")
    monkeypatch.setenv("SCENEHUB_OIDC_BUTTON_LABEL_ZH", "浙里办登录")
    settings = Settings()
    assert settings.oidc_enabled and not settings.oidc_provision_users
    assert settings.oidc_role_map == {"qiye": Role.FIRM, "zhongxin": Role.OPERATOR}
    assert settings.oidc_button_label_zh == "浙里办登录"


def test_an_issuer_without_a_client_id_refuses_to_start(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[arg-type]
        data_dir=tmp_path, secret_key=TEST_SECRET, oidc_issuer="https://sso.zj.gov.cn"
    )
    with pytest.raises(ConfigurationError):
        create_app(settings)


def test_a_provider_that_does_not_answer_is_a_gateway_error_page(settings: Settings) -> None:
    silent = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    configured = settings.model_copy(
        update={"oidc_issuer": silent, "oidc_client_id": "scenehub", "oidc_timeout_seconds": 2}
    )
    with TestClient(create_app(configured)) as client:
        page = client.get("/login?lang=en")
        assert "Sign in with the government SSO" in page.text
        response = client.get("/login/oidc?lang=en", follow_redirects=False)
    assert response.status_code == 502
    assert "the sign-on service cannot be reached" in response.text
