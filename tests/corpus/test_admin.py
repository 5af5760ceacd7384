"""The editors' review queue for suggested links."""

from django.urls import reverse

from corpus.linking import link_source
from corpus.models import PassageLink
from tests.factories import make_framework, make_passage, make_user


def test_review_queue_confirms_and_rejects_and_rejections_survive_relinking(client, db):
    framework = make_framework()
    passage = make_passage(text="A passage")
    standard = framework.standards.first()
    first = PassageLink.objects.create(
        passage=passage, standard=standard, kind="suggested", score=3
    )
    second = PassageLink.objects.create(
        passage=passage, standard=framework.standards.last(), kind="suggested", score=3
    )
    client.force_login(make_user("editor", is_staff=True, is_superuser=True))
    url = reverse("admin:corpus_passagelink_changelist")
    assert client.get(url, {"queue": "waiting"}).status_code == 200
    client.post(url, {"action": "confirm_links", "_selected_action": [first.pk]})
    client.post(url, {"action": "reject_links", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.kind == "curated" and first.reviewed_by == "editor"
    assert second.status == "rejected"
    link_source(passage.source)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == "rejected" and first.kind == "curated"
