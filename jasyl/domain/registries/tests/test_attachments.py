"""Photos (JPEG, PNG, WebP) and PDF documents are attached to a row, told by their bytes, never
by their name, within the size limit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jasyl.domain.greenfund.models import Tree
from jasyl.domain.registries.errors import RegistryError
from jasyl.domain.registries.models import Attachment
from jasyl.domain.registries.selectors import attachments_of
from jasyl.domain.registries.services import attach_file
from jasyl.testing.greenfund import make_tree

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"x" * 64


@pytest.fixture
def tree(districts) -> Tree:
    return make_tree("T1")


def test_a_photo_is_attached_with_its_kind_from_its_bytes(tree):
    attachment = attach_file(
        entry=tree,
        upload=SimpleUploadedFile("oak.jpeg", PNG),
        caption="North side",
        actor=None,
        access=None,
    )

    assert attachment.kind == Attachment.Kind.PHOTO
    assert attachment.media_type == "image/png"
    assert list(attachments_of(tree)) == [attachment]


def test_a_pdf_is_attached_as_a_document(tree):
    attachment = attach_file(
        entry=tree, upload=SimpleUploadedFile("act.pdf", PDF), actor=None, access=None
    )

    assert attachment.kind == Attachment.Kind.DOCUMENT


def test_a_file_that_is_neither_a_photo_nor_a_pdf_is_refused_whatever_its_name(tree):
    with pytest.raises(RegistryError, match="neither a photo"):
        attach_file(
            entry=tree,
            upload=SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>"),
            actor=None,
            access=None,
        )
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(tree, settings):
    settings.JASYL_EVIDENCE_MAX_BYTES = 50

    with pytest.raises(RegistryError, match="the limit is"):
        attach_file(entry=tree, upload=SimpleUploadedFile("big.pdf", PDF), actor=None, access=None)
