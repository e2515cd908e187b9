"""The jury's invitation: plain Norwegian, and who sends it and where to ask (#18)."""

from django.core import mail


def test_the_invitation_ends_with_who_sends_it_and_where_to_ask(
    jury, django_capture_on_commit_callbacks
):
    from scoring.invitations import invite

    member = jury.by_name["anne"]
    member.user.email = "anne@example.org"
    member.user.save()

    with django_capture_on_commit_callbacks(execute=True):  # sent once the change commits
        invite(member)

    [message] = mail.outbox
    assert message.body.rstrip().endswith(
        "Sendt av sekretariatet for Årets frivillighetskommune i KS og Frivillighet Norge.\n"
        "Spørsmål? Skriv til post@frivillighetskommune.no. Svar på denne e-posten blir ikke lest."
    )
    assert "Du kan ta pauser og fortsette senere" in message.body
    assert "over så mange økter" not in message.body
