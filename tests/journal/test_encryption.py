"""Notes are encrypted at rest, round-trip through the ORM, and survive key rotation."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from apps.accounts.models import User
from apps.journal.models import CheckIn
from tests.factories import CheckInFactory

NOTE = "Felt shaky walking in; proud I stayed for every set."


def raw_note(pk: int) -> str:
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def reset_keys() -> None:
    """The field caches its derived keys; forget them so new settings take effect."""
    field = CheckIn._meta.get_field("note")
    field.__dict__.pop("keys", None)
    field.__dict__.pop("f", None)


@pytest.fixture
def fresh_keys() -> Iterator[None]:
    reset_keys()
    yield
    reset_keys()


@pytest.mark.django_db
def test_note_is_not_readable_in_the_database_row(owner: User) -> None:
    checkin = CheckInFactory(user=owner, note=NOTE)
    stored = raw_note(checkin.pk)
    assert NOTE not in stored
    assert "proud" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token


@pytest.mark.django_db
def test_note_round_trips_through_the_orm(owner: User) -> None:
    checkin = CheckInFactory(user=owner, note=NOTE)
    assert CheckIn.objects.get(pk=checkin.pk).note == NOTE
    assert list(CheckIn.objects.filter(pk=checkin.pk).values_list("note", flat=True)) == [NOTE]


@pytest.mark.django_db
def test_the_same_note_encrypts_differently_each_time(owner: User) -> None:
    first = CheckInFactory(user=owner, note=NOTE)
    second = CheckInFactory(user=owner, note=NOTE)
    assert raw_note(first.pk) != raw_note(second.pk)


@pytest.mark.django_db
def test_an_empty_note_saves_and_reads_back_empty(owner: User) -> None:
    checkin = CheckInFactory(user=owner, note="")
    assert raw_note(checkin.pk) == ""
    assert CheckIn.objects.get(pk=checkin.pk).note == ""


@pytest.mark.django_db
def test_key_rotation_with_fallback_and_reencryption(owner: User, fresh_keys: None) -> None:
    old_key = "old-secret-key-" + "a" * 40
    new_key = "new-secret-key-" + "b" * 40
    with override_settings(SECRET_KEY=old_key, SECRET_KEY_FALLBACKS=[]):
        reset_keys()
        checkin = CheckInFactory(user=owner, note=NOTE)
        empty = CheckInFactory(user=owner, note="")
    old_token = raw_note(checkin.pk)

    # Step 1: new key first, old key as a fallback: the note still reads.
    with override_settings(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=[old_key]):
        reset_keys()
        assert CheckIn.objects.get(pk=checkin.pk).note == NOTE
        # Step 2: re-encrypt with the new key.
        output = io.StringIO()
        call_command("journal_reencrypt_notes", stdout=output)
    assert "Re-encrypted 1 notes (1 empty, 0 unreadable)" in output.getvalue()
    assert raw_note(checkin.pk) != old_token
    assert raw_note(empty.pk) == ""

    # Step 3: the old key is gone and the note still reads.
    with override_settings(SECRET_KEY=new_key, SECRET_KEY_FALLBACKS=[]):
        reset_keys()
        assert CheckIn.objects.get(pk=checkin.pk).note == NOTE


@pytest.mark.django_db
def test_reencryption_refuses_to_touch_notes_it_cannot_read(owner: User, fresh_keys: None) -> None:
    with override_settings(SECRET_KEY="lost-key-" + "c" * 40, SECRET_KEY_FALLBACKS=[]):
        reset_keys()
        checkin = CheckInFactory(user=owner, note=NOTE)
    token = raw_note(checkin.pk)
    reset_keys()
    with pytest.raises(CommandError, match="1 notes could not be read"):
        call_command("journal_reencrypt_notes", stdout=io.StringIO())
    assert raw_note(checkin.pk) == token
