"""Photos are images by their bytes, re-encoded on upload and served with their real
content type (issue 16: a GIF named .pdf was served as application/pdf)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.rules import reencode_photo


def _image(kind: str, mode="RGB", size=(12, 8), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 120, 90) if mode == "RGB" else (200, 120, 90, 128)).save(
        buffer, format=kind, **save
    )
    return buffer.getvalue()


def _served(client, person):
    response = client.get(f"/people/{person.pk}/photo/")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_a_gif_named_pdf_is_stored_and_served_as_an_image(alice_client, alice):
    upload = SimpleUploadedFile("cv.pdf", _image("GIF"), content_type="application/pdf")
    response = alice_client.post("/people/new/", {"display_name": "Gif Person", "photo": upload})
    assert response.status_code == 302
    person = Person.objects.get(owner=alice, display_name="Gif Person")
    assert person.photo.name.endswith(".png")
    served, body = _served(alice_client, person)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "pdf" not in served.get("Content-Disposition", "")
    assert Image.open(io.BytesIO(body)).format == "PNG"


def test_upload_keeps_only_the_pixels(alice):
    # A JPEG with a comment and bytes appended after its end (a "polyglot") comes out as
    # a fresh JPEG without either; other kinds become PNG, keeping transparency.
    data = _image("JPEG", comment=b"secret comment") + b"<html><script>x()</script>"
    photo = reencode_photo(SimpleUploadedFile("me.jpg", data))
    assert b"secret comment" not in photo.read() and b"<script>" not in photo.read()
    clear = reencode_photo(SimpleUploadedFile("logo.webp", _image("WEBP", mode="RGBA")))
    assert clear.name == "logo.png"
    assert Image.open(io.BytesIO(clear.read())).mode == "RGBA"
    big = reencode_photo(SimpleUploadedFile("big.png", _image("PNG", size=(5000, 100))))
    assert Image.open(io.BytesIO(big.read())).size == (2048, 41)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4 not a picture",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        _image("BMP"),
        _image("PNG")[:40],
    ],
)
def test_anything_but_a_photo_is_refused_on_the_field(alice, data):
    with pytest.raises(ValidationError) as caught:
        people.create_person(owner=alice, display_name="X", photo=SimpleUploadedFile("x.png", data))
    assert "not a photo" in caught.value.message_dict["photo"][0]
    assert not Person.objects.filter(owner=alice, display_name="X").exists()


def test_a_failed_replacement_keeps_the_old_photo(alice):
    person = people.create_person(
        owner=alice, display_name="P", photo=SimpleUploadedFile("a.png", _image("PNG"))
    )
    before = person.photo.name
    with pytest.raises(ValidationError):
        people.update_person(
            owner=alice, person=person, photo=SimpleUploadedFile("b.png", b"%PDF-1.4")
        )
    person.refresh_from_db()
    assert person.photo.name == before and person.photo.storage.exists(before)


def test_a_stored_file_that_is_not_an_image_is_not_served(alice_client, alice, ana):
    # Kept before uploads were re-encoded, or restored from an old export.
    storage = Person._meta.get_field("photo").storage
    name = storage.save("photos/2026/page.png", ContentFile(b"<html><script>x()</script>"))
    Person.objects.filter(pk=ana.pk).update(photo=name)
    served, _ = _served(alice_client, Person.objects.get(pk=ana.pk))
    assert served.status_code == 404
    gif = storage.save("photos/2026/old.pdf", ContentFile(_image("GIF")))
    Person.objects.filter(pk=ana.pk).update(photo=gif)
    served, body = _served(alice_client, Person.objects.get(pk=ana.pk))
    assert served.status_code == 200 and served["Content-Type"] == "image/gif"
    assert body.startswith(b"GIF8")
