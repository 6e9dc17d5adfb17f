"""Security 2: uploads. Content, size, names, permission-checked download as an
attachment are tested in tests/documents/ (test_files.py, test_document_upload.py,
test_document_download.py); here what those leave out: nosniff on the download itself,
files kept outside the static files, and no URL that serves MEDIA_ROOT directly."""

from pathlib import Path

from django.conf import settings

from .world import World


def test_the_download_is_an_attachment_with_nosniff(
    roles, client, django_capture_on_commit_callbacks, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    world = World(django_capture_on_commit_callbacks)
    client.force_login(world.sme)
    response = client.get(f"/pratiche/documenti/{world.document.pk}/scarica/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]


def test_uploads_live_outside_the_static_files():
    media = Path(settings.MEDIA_ROOT).resolve()
    static_dirs = [Path(settings.STATIC_ROOT).resolve()] + [
        Path(d[1] if isinstance(d, tuple) else d).resolve() for d in settings.STATICFILES_DIRS
    ]
    for static in static_dirs:
        assert not media.is_relative_to(static) and not static.is_relative_to(media)


def test_no_url_serves_the_media_folder(client, db):
    assert client.get(f"{settings.MEDIA_URL}documents/1/x.pdf").status_code == 404
