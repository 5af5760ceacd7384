# Supervision sessions and their actions; the pair's agreed frequency; an invitation's
# username as typed; three audit actions.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0022_entryversion_client_key'),
    ]

    operations = [
        migrations.AddField(
            model_name='supervision',
            name='invited_username',
            field=models.CharField(blank=True, help_text='The username the inviter typed, as they typed it.', max_length=150),
        ),
        migrations.AddField(
            model_name='supervision',
            name='session_frequency',
            field=models.CharField(choices=[('weekly', 'Every week'), ('fortnightly', 'Every two weeks'), ('monthly', 'Every month'), ('six_weekly', 'Every six weeks'), ('two_monthly', 'Every two months'), ('quarterly', 'Every three months')], default='monthly', help_text='How often the pair agreed to meet; the next session is due this long after the last.', max_length=20),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('created', 'Created'), ('edited', 'Edited'), ('autosaved', 'Draft autosaved'), ('conflict_kept', 'Text from another tab kept'), ('deleted', 'Moved to the bin'), ('restored', 'Restored'), ('purged', 'Deleted for good from the bin'), ('detail_removed', 'Identifying detail removed from history'), ('shared', 'Shared'), ('unshared', 'Share revoked'), ('submitted', 'Submitted for review'), ('commented', 'Commented'), ('changes_requested', 'Changes requested'), ('signed_off', 'Signed off'), ('exported', 'Exported'), ('copied', 'Ticked as copied to Social Work England'), ('uncopied', 'Copied tick removed'), ('peer_asked', 'Peer asked to confirm'), ('peer_confirmed', 'Peer confirmed the discussion'), ('peer_declined', 'Peer declined'), ('peer_revoked', 'Peer link revoked'), ('peer_refused', 'Peer link refused'), ('peer_taken', "Peer's takeaway added to the entry"), ('session_recorded', 'Supervision session recorded'), ('session_confirmed', 'Supervision session confirmed'), ('session_noted', 'Note added to a supervision session')], max_length=30),
        ),
        migrations.CreateModel(
            name='SupervisionSession',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('supervisor_name', models.CharField(blank=True, help_text="The supervisor's name when they wrote it.", max_length=150)),
                ('held_on', models.DateField()),
                ('attended', models.CharField(help_text='Who attended, as the record says it.', max_length=300)),
                ('discussed', models.TextField(blank=True, help_text="What was discussed: entries, statements, the worker's gaps.")),
                ('agenda', models.TextField(blank=True, help_text='The agenda as prepared, in Markdown.')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('recorded', 'Waiting for the worker to confirm'), ('confirmed', 'Confirmed')], default='draft', max_length=20)),
                ('worker_note', models.TextField(blank=True)),
                ('recorded_at', models.DateTimeField(blank=True, null=True)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('supervisee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supervision_sessions', to=settings.AUTH_USER_MODEL)),
                ('supervision', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sessions', to='journal.supervision')),
                ('supervisor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='SessionAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=500)),
                ('owner', models.CharField(choices=[('worker', 'The worker'), ('supervisor', 'The supervisor'), ('both', 'Both')], default='worker', max_length=20)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('done_in', models.ForeignKey(blank=True, help_text='The session in which the action was ticked off.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions_closed', to='journal.supervisionsession')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='journal.supervisionsession')),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
    ]
