"""The vocabulary of the demo data: locales, tags, titles, and phrase templates.

Templates use str.format slots filled from the lists below; none of it is lorem ipsum,
so screenshots read like a real account.
"""

from __future__ import annotations

# (Faker locale, weight, country calling code, phone digits pattern, real cities)
LOCALES = [
    ("en_US", 26, "+1", "### 555 ####", ["New York", "Chicago", "Austin", "Seattle", "Boston"]),
    ("en_GB", 10, "+44", "7### ######", ["London", "Manchester", "Bristol", "Edinburgh"]),
    ("fr_FR", 8, "+33", "6 ## ## ## ##", ["Paris", "Lyon", "Marseille", "Nantes", "Lille"]),
    ("de_DE", 8, "+49", "15# #######", ["Berlin", "München", "Hamburg", "Köln", "Leipzig"]),
    ("es_ES", 8, "+34", "6## ### ###", ["Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga"]),
    ("es_MX", 4, "+52", "55 #### ####", ["Ciudad de México", "Guadalajara", "Monterrey"]),
    ("pt_BR", 6, "+55", "11 9####-####", ["São Paulo", "Rio de Janeiro", "Belo Horizonte"]),
    ("it_IT", 5, "+39", "3## ### ####", ["Milano", "Roma", "Torino", "Bologna"]),
    ("nl_NL", 4, "+31", "6 ########", ["Amsterdam", "Rotterdam", "Utrecht"]),
    ("pl_PL", 4, "+48", "5## ### ###", ["Warszawa", "Kraków", "Wrocław", "Gdańsk"]),
    ("sv_SE", 3, "+46", "7# ### ## ##", ["Stockholm", "Göteborg", "Malmö"]),
    ("cs_CZ", 2, "+420", "6## ### ###", ["Praha", "Brno", "Ostrava"]),
    ("tr_TR", 3, "+90", "5## ### ## ##", ["İstanbul", "Ankara", "İzmir"]),
    ("da_DK", 2, "+45", "## ## ## ##", ["København", "Aarhus", "Odense"]),
    ("en_IN", 5, "+91", "9#### #####", ["Bengaluru", "Mumbai", "Pune", "Hyderabad"]),
    ("hu_HU", 2, "+36", "30 ### ####", ["Budapest", "Debrecen", "Szeged"]),
]

# (name, default cadence in days or None, weight)
TAGS = [
    ("college", None, 10),
    ("ex-colleague", None, 14),
    ("founder", None, 8),
    ("mentor", 60, 4),
    ("client", 30, 7),
    ("climbing club", None, 5),
    ("neighbour", None, 4),
    ("investor", 90, 3),
    ("family", 14, 2),
    ("close friend", 21, 4),
    ("conference", None, 9),
    ("book club", None, 3),
    ("recruiter", None, 4),
    ("open source", None, 5),
]
OWN_CADENCES = [7, 14, 30, 30, 60, 90, 90, 180, 365]

TITLES = [
    "Founder", "Co-founder & CEO", "CTO", "VP Engineering", "Head of Product",
    "Product Manager", "Senior Product Manager", "Product Designer", "UX Researcher",
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Data Scientist",
    "Engineering Manager", "Designer", "Marketing Lead", "Growth Marketer",
    "Head of Sales", "Account Executive", "Customer Success Manager", "Recruiter",
    "Talent Partner", "Operations Manager", "Chief of Staff", "Consultant",
    "Partner", "Principal", "Associate", "Investment Analyst", "Venture Partner",
    "Journalist", "Editor", "Professor", "PhD Student", "Researcher", "Architect",
    "Doctor", "Lawyer", "Accountant", "Teacher", "Photographer", "Freelance Developer",
    "Community Manager", "Developer Advocate", "Project Manager", "CFO", "COO",
]  # fmt: skip

KIND_WEIGHTS = {
    "message": 26, "email": 18, "coffee": 16, "call": 10, "video": 8,
    "meeting": 8, "meal": 7, "event": 4, "other": 3,
}  # fmt: skip

TOPICS = [
    "the new job", "their move to {city}", "fundraising", "hiring a first designer",
    "the product launch", "burnout and boundaries", "a side project", "the conference talk",
    "pricing", "remote work", "the climbing trip", "a book they loved", "their kids' school",
    "switching to management", "a podcast idea", "the marathon", "learning Rust",
    "going freelance", "the reorg at {org}", "a possible collaboration", "their thesis",
    "open-source funding", "the housing market in {city}", "moving teams",
    "negotiating an offer", "board meetings", "a sabbatical", "the wedding plans",
]  # fmt: skip
PLACES = ["Blue Bottle", "the café near {org}", "Lavazza", "the canteen", "Fika", "a ramen place",
          "the market", "Café Central", "the rooftop bar", "their office"]  # fmt: skip
EVENTS = ["PyCon", "the Web Summit", "a founders' dinner", "the climbing gym", "a meetup on AI",
          "DjangoCon", "a friend's wedding", "the alumni reunion", "a hackathon",
          "a book launch", "the product meetup", "a charity run"]  # fmt: skip

SUMMARIES = {
    "message": ["Messaged about {topic}", "Quick check-in on {topic}", "Sent congrats on {news}",
                "Shared an article about {topic}", "Birthday wishes", "Replied about {topic}"],
    "email": ["Intro email about {topic}", "Follow-up on {topic}", "Sent notes from our chat",
              "Email thread about {topic}", "Asked for advice on {topic}"],
    "coffee": ["Coffee at {place}", "Coffee to talk about {topic}", "Morning coffee at {place}",
               "Walk and coffee"],
    "call": ["Call about {topic}", "Catch-up call", "Phone call: {topic}"],
    "video": ["Video call about {topic}", "Zoom catch-up", "Screen-share on {topic}"],
    "meeting": ["Meeting at {org}", "Working session on {topic}", "Planning meeting"],
    "meal": ["Lunch at {place}", "Dinner in {city}", "Breakfast before work", "Team lunch"],
    "event": ["Saw them at {event}", "Met up at {event}", "Talk at {event}"],
    "other": ["Bumped into them in {city}", "Sent a postcard", "Helped with a move"],
}  # fmt: skip
NEWS = ["the new role", "the launch", "the funding round", "the promotion", "the baby",
        "the new flat", "the award", "the book deal", "finishing the PhD"]  # fmt: skip
NOTES = [
    "{first} is thinking about {topic}.", "They recommended a book on {topic}.",
    "{first} offered to introduce me to someone at {org}.", "Busy with {topic} until spring.",
    "Promised to send {first} the slides.", "{first} is hiring — mostly engineers.",
    "Their team at {org} is growing fast.", "We agreed to meet again in a few months.",
    "{first} just got back from {city}.", "Good energy; {first} seems happier than last time.",
    "They asked about {topic}; I said I'd think about it.", "Owes me a recommendation.",
    "{first} mentioned {topic} twice — worth following up.", "Kids are doing well.",
]  # fmt: skip
ASKS = [
    "How did {topic} go?", "Did the launch happen?", "Ask about {topic}",
    "How is the new job at {org}?", "Did they decide about {topic}?", "How was {event}?",
    "Ask how the family is doing", "Follow up on the intro to {org}", "Any news on {topic}?",
    "Did the move to {city} work out?",
]  # fmt: skip
MET_HOW = [
    "Met at {event}", "Worked together at {org}", "College roommate", "Climbing club",
    "Friend of a friend", "Neighbour in {city}", "Through a mutual client",
    "Sat next to each other on a flight", "Conference talk at {event}", "Former manager",
    "Met at a dinner in {city}", "Same coworking space", "Online — they replied to my post",
]  # fmt: skip
ABOUT = [
    "Loves trail running and bad puns.", "Two kids, one dog. Coffee snob.",
    "Knows everyone in the {city} startup scene.", "Great at hiring; ask about recruiters.",
    "Writes a newsletter about {topic}.", "Vegetarian. Prefers mornings.",
    "Into climbing and board games.", "Speaks four languages.",
    "Moved from {city} a few years ago.", "Helpful with anything about {topic}.",
    "Plays bass in a band on weekends.", "Angel investor on the side.",
]  # fmt: skip
FREE_MAIL = ["example.com", "example.org", "example.net"]
