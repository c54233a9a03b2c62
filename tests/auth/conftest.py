"""The OpenID provider and the live server of the single sign-on tests."""

from tests.oidc.fixtures import oidc_provider, sso_server

__all__ = ["oidc_provider", "sso_server"]
