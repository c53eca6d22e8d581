"""The coach: assessment and launch plan, Today's ranking, outreach, goals and events.

One module per use: ``assessment`` (score, plan), ``ranking`` (the rules of Today, in
one place), ``actions`` (done / snooze / skip, weekly goal), ``outreach`` (asks and their
answers), ``events`` (prep, capture, debrief), ``drafts`` (the words), ``content`` (the
data files in goodwill/content/).
"""
