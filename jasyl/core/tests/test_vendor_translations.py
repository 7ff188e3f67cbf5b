"""Django's, Django REST framework's and django-axes' own strings in Kazakh and Russian: what
their catalogues leave untranslated (or get wrong), `jasyl/locale_vendor` translates
(docs/architecture.md, "Translations"). Needs the compiled catalogues (`compilemessages`)."""

import json
import re
from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from babel.messages.pofile import read_po
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.i18n import JavaScriptCatalog
from rest_framework.test import APIClient

from jasyl.domain.roadmap.models import PlannedAmount
from jasyl.locale_vendor import catalogues

# The same in SQLite and PostgreSQL: .ci/run runs it once.
pytestmark = pytest.mark.once

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{[^{}]*\}")
# A string that Django's own Kazakh catalogue lacks, so that only ours translates it.
LOGIN_ERROR = (
    "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
)


def in_admin_script(*texts: str) -> bool:
    """Whether the admin's JavaScript catalogue (jsi18n), in the active language, has them."""
    view = JavaScriptCatalog.as_view(packages=["django.contrib.admin"])
    script = view(RequestFactory().get("/jsi18n/")).content.decode()
    return all(json.dumps(text) in script for text in texts)


@pytest.mark.parametrize(
    ("package", "language"),
    [(p, language) for p in catalogues.PACKAGES for language in catalogues.LANGUAGES],
    ids=lambda value: getattr(value, "module", value),
)
def test_every_string_of_the_packages_is_translated(package, language):
    assert len(package.messages()) > 5, "the package's strings were not found"
    assert catalogues.missing(package, language) == []


@pytest.mark.parametrize(
    "path",
    sorted(catalogues.FOLDER.glob("*/LC_MESSAGES/*.po")),
    ids=lambda path: "/".join(path.parts[-3:]),
)
def test_the_translations_keep_every_placeholder(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    assert len(catalog) > 10
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(forms) == (catalog.num_plurals if len(ids) > 1 else 1), message.id
        for index, form in enumerate(forms):
            source = ids[min(index, len(ids) - 1)]
            # Like Django's own catalogues, "an hour ago" need not say %(count)s.
            if index == 0 and len(ids) > 1 and not PLACEHOLDER.search(ids[0]):
                assert not PLACEHOLDER.search(form), message.id
                continue
            assert Counter(PLACEHOLDER.findall(form)) == Counter(PLACEHOLDER.findall(source)), (
                message.id,
                form,
            )


@pytest.mark.django_db
def test_a_wrong_password_is_refused_in_kazakh_only():
    response = Client().post(
        "/kk/accounts/login/",
        urlencode({"username": "nobody", "password": "wrong password"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("Дұрыс пайдаланушы аты мен құпиясөзді енгізіңіз.")
    assert not LATIN_WORD.search(error)
    assert error in response.content.decode()


def test_a_decimal_field_says_its_limit_in_kazakh():
    field = PlannedAmount._meta.get_field("amount")
    with translation.override("kk"):
        with pytest.raises(ValidationError) as refused:
            field.run_validators(Decimal("1234567890123456789"))
        # Django's own Kazakh has none: "Ensure that there are no more than 18 digits in total."
        assert refused.value.messages == ["Барлығы ең көбі 18 цифр болуы керек."]


@pytest.mark.django_db
def test_the_api_answers_drf_validation_errors_in_the_language_asked():
    url = "/api/v1/programmes/green-almaty/activities/?status=bogus"
    answers = {
        language: APIClient().get(url, HTTP_ACCEPT_LANGUAGE=language)
        for language in ("kk", "ru", "en")
    }
    assert {answer.status_code for answer in answers.values()} == {400}
    messages = {language: a.json()["errors"][0]["message"] for language, a in answers.items()}
    assert messages["en"] == '"bogus" is not a valid choice.'
    # DRF's own Kazakh reads `"bogus" - дұрыс таңдау емес.`
    assert messages["kk"] == "«bogus» — жарамды таңдау емес."
    assert not LATIN_WORD.search(messages["ru"].replace("bogus", ""))


def test_the_admin_scripts_read_kazakh():
    with translation.override("kk"):
        assert in_admin_script("Күнді таңдаңыз", "Жұма")  # Choose a Date, Friday


def test_without_the_vendor_folder_django_speaks_half_english(settings):
    """The strings above come from jasyl/locale_vendor: Django's own kk lacks them."""
    message = LOGIN_ERROR
    assert catalogues.FOLDER in settings.LOCALE_PATHS
    with translation.override("kk"):
        assert translation.gettext(message).startswith("Дұрыс %(username)s мен құпиясөзді")
    settings.LOCALE_PATHS = [p for p in settings.LOCALE_PATHS if p != catalogues.FOLDER]
    with translation.override("kk"):
        assert translation.gettext(message) == message
        assert not in_admin_script("Күнді таңдаңыз")
