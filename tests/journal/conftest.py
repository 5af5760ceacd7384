"""Fixtures shared by the journal's packages: an entry at each step of its review, and the
supervisor who reviews it.

They differ on purpose, so each keeps its own name: `submitted` is tagged with Social Work
England's standard 1, `reviewed` with a small test framework's standard 2 and signed off with
a note, and `shared_entry` reaches its supervisor through the invite and accept services.
"""

import datetime

import pytest
from django.test import Client

from corpus.models import Statement
from journal.models import Entry
from journal.review import comments as comment_services
from journal.review import sharing as sharing_services
from journal.review import sign_off as sign_off_services
from journal.review import supervision as supervision_services
from tests.factories import (
    make_entry,
    make_framework,
    make_passage,
    make_share,
    make_source,
    make_supervision,
    make_user,
    save_entry,
)


@pytest.fixture
def framework(db):
    return make_framework()


@pytest.fixture
def link(owner, supervisor):
    """The owner's active supervision by the supervisor."""
    return make_supervision(owner, supervisor)


@pytest.fixture
def supervisor_client(supervisor):
    """A second client, so owner_client and supervisor_client can act in turn."""
    other = Client()
    other.force_login(supervisor)
    return other


@pytest.fixture
def dana(db):
    """A second supervisor."""
    return make_user("dana", display_name="Dana Price", role="supervisor")


@pytest.fixture
def reviewed(owner, supervisor, framework):
    """A complete entry with private notes, shared with and signed off by the supervisor."""
    entry = save_entry(
        owner,
        title="Signed entry",
        description="I read about **relationship-based** practice.",
        learning="Trust takes time.",
        impact="I explain my role at the first visit.",
        notes="PRIVATE: this one was hard for me.",
        status=Entry.Status.MARKED_COMPLETE,
        standards=[framework.standards.get(number="2")],
    )
    link = make_supervision(owner, supervisor)
    make_share(entry, link, submitted=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor, note="Clear and honest.")
    return entry


@pytest.fixture
def submitted(owner, link, standards):
    """An entry tagged with Social Work England's standard 1 and submitted through `link`."""
    entry = save_entry(
        owner,
        title="Home visit reflection",
        status=Entry.Status.MARKED_COMPLETE,
        activity_type="reading",
        activity_date=datetime.date.today(),
        description="A visit.",
        learning="Listen first.",
        impact="I ask before I advise.",
        standards=[standards.standards.get(number="1").pk],
    )
    sharing_services.entry_share(entry=entry, supervision=link, user=owner, submit=True)
    return entry


@pytest.fixture
def shared_entry(owner, supervisor):
    """A complete entry submitted to a supervisor who accepted the owner's invitation."""
    framework = make_framework()
    entry = make_entry(owner, status="complete", standards=[framework.standards.first()])
    supervision = supervision_services.supervision_invite(
        supervisee=owner, identifier=supervisor.username
    )
    supervision = supervision_services.supervision_accept(supervision=supervision, user=supervisor)
    sharing_services.entry_share(entry=entry, supervision=supervision, user=owner, submit=True)
    return entry


@pytest.fixture
def reviewed_entry(shared_entry, supervisor):
    """`shared_entry` with a supervisor's comment, then signed off."""
    comment_services.comment_add(
        entry=shared_entry, author=supervisor, body="Say more about impact."
    )
    sign_off_services.entry_sign_off(entry=shared_entry, supervisor=supervisor)
    return shared_entry


@pytest.fixture
def signed_entry(owner, supervisor, framework):
    owner.registration_number = "SW765432"
    owner.save()
    source = make_source("tisw", title="This Is Social Work")
    passage = make_passage(source, "Raising concerns is part of ethical practice.", speaker="Fran")
    entry = make_entry(
        owner,
        title="Standard 6 podcast",
        status="complete",
        standards=[framework.standards.get(number="6")],
        peer_name="Team manager",
        peer_learning="We agreed how to escalate concerns.",
    )
    save_entry(owner, entry=entry, cite=[passage])
    supervision = supervision_services.supervision_invite(
        supervisee=owner, identifier=supervisor.username
    )
    supervision = supervision_services.supervision_accept(supervision=supervision, user=supervisor)
    sharing_services.entry_share(entry=entry, supervision=supervision, user=owner, submit=True)
    sign_off_services.entry_sign_off(entry=entry, supervisor=supervisor)
    return entry


@pytest.fixture
def statement(standards):
    """The shipped standards' statements by number: statement["1.1"]."""
    return {st.number: st for st in Statement.objects.filter(standard__framework=standards)}
