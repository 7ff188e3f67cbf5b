"""Every model and model field of the project has a label that reads in Kazakh and Russian.

The Django admin shows these labels; a field added without `verbose_name=_("...")` would show
its English attribute name in every language.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import translation
from django.utils.functional import Promise

# Labels that are the same in every language (an acronym, a standard's name). None at present:
# add one here only with the reason it cannot be translated.
SAME_IN_EVERY_LANGUAGE: frozenset[str] = frozenset()

MODELS = sorted(
    (
        model
        for config in apps.get_app_configs()
        if config.name.startswith("jasyl.")
        for model in config.get_models()
        if not model._meta.auto_created
    ),
    key=lambda model: model._meta.label,
)


def labelled_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's own fields: concrete columns and many-to-many relations, without the
    automatic primary key and without reverse relations."""
    return [
        field
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if not field.auto_created
    ]


def in_language(text: object, language: str) -> str:
    with translation.override(language):
        return str(text)


def test_the_project_has_models_to_check():
    assert len(MODELS) >= 40
    assert {model._meta.app_label for model in MODELS} >= {
        "agencies",
        "roadmap",
        "people",
        "reporting",
        "indicators",
        "airquality",
        "exhaust",
    }


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_field_has_an_explicit_label(model):
    unlabelled = [
        field.name
        for field in labelled_fields(model)
        if not isinstance(field.verbose_name, Promise)
        and field.verbose_name == field.name.replace("_", " ")
    ]
    assert unlabelled == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_a_translated_name(model):
    for label in (model._meta.verbose_name, model._meta.verbose_name_plural):
        assert isinstance(label, Promise), f"{model._meta.label}: {label!r} is not translatable"


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_and_field_label_reads_in_kazakh_and_russian(model, language):
    labels = {
        "verbose_name": model._meta.verbose_name,
        "verbose_name_plural": model._meta.verbose_name_plural,
        **{field.name: field.verbose_name for field in labelled_fields(model)},
    }
    untranslated = {
        name: english
        for name, label in labels.items()
        if (english := in_language(label, "en")) not in SAME_IN_EVERY_LANGUAGE
        and in_language(label, language) == english
    }
    assert untranslated == {}


@pytest.mark.django_db
def test_every_model_change_has_a_migration():
    output = StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=output)
    except SystemExit:
        pytest.fail(f"Models changed without a migration:\n{output.getvalue()}")
