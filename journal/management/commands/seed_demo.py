import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from corpus.models import Passage, Standard
from journal import clock
from journal.entries import services as entry_services
from journal.models import Entry, Supervision, User
from journal.review import sharing
from journal.year.registration import RegistrationYear

DEMO_PASSWORD = "reflect-and-learn-2026"

ENTRIES = [
    {
        "title": "Standard 6 podcast: raising concerns",
        "activity_type": "podcast",
        "days_ago": 200,
        "standards": ["6"],
        "complete": True,
        "peer": True,
        "description": "Listened to *This Is Social Work* on promoting ethical practice and reporting concerns.",
        "learning": "Raising a concern early is part of good practice, not a betrayal of colleagues.",
        "impact": "I now log concerns about provider quality the same day and tell people how to complain.",
        "cite": "standard 6",
    },
    {
        "title": "Supervision: using reflective models",
        "activity_type": "supervision",
        "days_ago": 150,
        "standards": ["3", "4"],
        "complete": True,
        "peer": False,
        "description": "Monthly supervision where we used Gibbs' cycle on a difficult home visit.",
        "learning": "Separating my feelings from the analysis helped me see the risk more clearly.",
        "impact": "My assessments now record the evidence behind each judgement.",
        "cite": "supervision",
    },
    {
        "title": "Relationship-based practice reading",
        "activity_type": "reading",
        "days_ago": 90,
        "standards": ["1", "2"],
        "complete": True,
        "peer": True,
        "description": "Read the CareKnowledge special report on relationships in social work.",
        "learning": "Trust takes time; people need to know why we are involved in their lives.",
        "impact": "I explain my role and the concerns plainly at the first visit.",
        "cite": "relationships",
    },
    {
        "title": "Team session on social media and boundaries",
        "activity_type": "peer_discussion",
        "days_ago": 40,
        "standards": ["5"],
        "complete": False,
        "peer": False,
        "description": "Team discussion about professional boundaries online.",
        "learning": "",
        "impact": "",
        "cite": "",
    },
    {
        "title": "Draft: diversity data episode",
        "activity_type": "podcast",
        "days_ago": 10,
        "standards": [],
        "complete": False,
        "peer": False,
        "description": "Notes on why diversity data matters for fair regulation.",
        "learning": "",
        "impact": "",
        "cite": "diversity",
    },
]


class Command(BaseCommand):
    help = "Create a demo social worker and supervisor with a realistic year of CPD, and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password; use --force to run it with DEBUG off."
            )
        worker = self._user("demo", "Alex Morgan", User.Role.SOCIAL_WORKER, "SW123456")
        supervisor = self._user("supervisor", "Sam Okafor", User.Role.SUPERVISOR, "")
        supervision, _ = Supervision.objects.get_or_create(
            supervisee=worker,
            supervisor=supervisor,
            defaults={"status": Supervision.Status.ACTIVE, "responded_at": timezone.now()},
        )
        if not worker.entries.exists():
            self._entries(worker, supervision)
        # Addresses come after the history is written, so seeding emails nobody.
        for user in (worker, supervisor):
            if not user.email:
                user.email = f"{user.username}@example.org"
                user.save(update_fields=["email"])
            # Demo addresses count as confirmed, so the demo logins work straight away.
            EmailAddress.objects.get_or_create(
                user=user, email=user.email.lower(), defaults={"primary": True, "verified": True}
            )
        self.stdout.write(self.style.SUCCESS("Demo accounts (local use only):"))
        self.stdout.write(f"  social worker   username: demo         password: {DEMO_PASSWORD}")
        self.stdout.write(f"  supervisor      username: supervisor   password: {DEMO_PASSWORD}")

    def _user(self, username, name, role, registration_number):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": name,
                "role": role,
                "registration_number": registration_number,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _entries(self, worker, supervision):
        today = clock.today()
        year = RegistrationYear.current(today)
        standards = {s.number: s for s in Standard.objects.filter(framework__is_primary=True)}
        for spec in ENTRIES:
            date = max(today - datetime.timedelta(days=spec["days_ago"]), year.start)
            data = {
                "title": spec["title"],
                "activity_type": spec["activity_type"],
                "activity_date": date,
                "description": spec["description"],
                "learning": spec["learning"],
                "impact": spec["impact"],
                "status": Entry.Status.MARKED_COMPLETE if spec["complete"] else Entry.Status.DRAFT,
            }
            if spec["peer"]:
                data.update(
                    peer_name="My team manager",
                    peer_role="Team manager",
                    peer_date=date,
                    peer_learning="Talking it through showed me how to apply it to our duty rota.",
                )
            passages = []
            if spec["cite"]:
                passage = (
                    Passage.objects.filter(text__icontains=spec["cite"]).order_by("pk").first()
                )
                passages = [passage] if passage else []
            status = data.pop("status")
            version = entry_services.entry_save(
                user=worker,
                change=entry_services.EntryChange(
                    fields=data,
                    status=status,
                    standards=[standards[n] for n in spec["standards"] if n in standards],
                    cite=passages,
                ),
            )
            if spec["complete"] and spec["peer"] and standards:
                sharing.entry_share(
                    entry=version.entry, supervision=supervision, user=worker, submit=True
                )
