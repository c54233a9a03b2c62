"""The web layer shared by every domain: dependencies, templates, i18n, error pages."""
