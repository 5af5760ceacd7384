"""The renewal checklist: the three parts of renewing registration, ticked by the worker.

People remember the CPD and forget the other two. The journal cannot see the regulator's
account, so each tick is the person's own record, with the day they did it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RenewalStep(models.Model):
    """One part of one year's renewal, done: a row exists only once the worker ticks it."""

    class Part(models.TextChoices):
        FORM = "form", "The renewal application, in your online account"
        FEE = "fee", "The registration fee, paid"
        CPD = "cpd", "Your CPD, recorded in your online account"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="renewal_steps"
    )
    # The registration year, named by the calendar year it ends in (RegistrationYear.ending_in).
    year = models.PositiveSmallIntegerField()
    part = models.CharField(max_length=10, choices=Part)
    done_on = models.DateField()
    ticked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["owner", "year", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "part"], name="renewal_step_once_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.get_part_display()} ({self.year})"
