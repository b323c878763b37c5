"""Fictional testimonies: who speaks, and gentle transcripts of daily life, loss and memory."""

import datetime

# Controlled vocabulary: (term, broader term or None, scope note)
KEYWORDS = [
    ("Family life", None, "Home, family relations and everyday routines."),
    ("Childhood", "Family life", "The narrator's or another person's early years."),
    ("School", "Childhood", "Lessons, teachers and classmates."),
    ("Meals and holidays", "Family life", "Cooking, shared meals, feast days and visits."),
    ("Home", "Family life", "Houses, rooms, gardens and the objects in them."),
    ("Work", None, "How people earned their living."),
    ("Trades", "Work", "Crafts and workshops: tailoring, carpentry, baking and the like."),
    ("Farming", "Work", "Fields, orchards, animals and the seasons."),
    ("Community", None, "Life shared beyond the family."),
    ("Neighbours", "Community", "People living close by and what passed between them."),
    ("Market day", "Community", "Markets, fairs and shops."),
    ("Loss", None, "Death, disappearance and the absence of people."),
    ("Separation", "Loss", "Families and friends parted from one another."),
    ("Missing relatives", "Loss", "People whose fate the family never learned."),
    ("Memory", None, "How people remember and pass memories on."),
    ("Remembrance", "Memory", "Ways of honouring the dead: names, visits, candles."),
    ("Photographs", "Memory", "Pictures kept, lost or found again."),
    ("Letters", "Memory", "Correspondence kept by families."),
]

# One dict per testimony; the builder adds names, places and mentioned entries.
TESTIMONIES = [
    {
        "locale": "az_AZ", "languages": ["az", "ru"], "relation": "relative",
        "detail": "niece of a family whose names are kept in the archive",
        "date": datetime.date(1998, 5, 14), "minutes": 42, "audio": True,
        "keywords": ["Childhood", "Meals and holidays", "Remembrance"],
        "themes": ["home", "meals", "school", "market", "separation", "photo"],
    },
    {
        "locale": "pl_PL", "languages": ["pl"], "relation": "witness", "anonymous": True,
        "detail": "lived next door to the family as a child",
        "date": datetime.date(2003, 10, 2), "minutes": 37,
        "keywords": ["Neighbours", "Home", "Separation"],
        "themes": ["home", "neighbours", "market", "separation", "missing"],
        "content_warning": "The narrator speaks about the loss of neighbours and about grief. "
        "There are no descriptions of violence.",
    },
    {
        "locale": "hy_AM", "languages": ["hy", "en"], "relation": "survivor",
        "detail": "the only one of the family who was away from home at the time",
        "date": datetime.date(2011, 3, 22), "minutes": 55,
        "keywords": ["Trades", "Letters", "Photographs"],
        "themes": ["work", "school", "letters", "missing", "photo", "meals"],
        "withheld_passage": True,
    },
    {
        "locale": "de_DE", "languages": ["de"], "relation": "rescuer",
        "detail": "whose parents took in a neighbour's child for a winter",
        "date": datetime.date(1995, 8, 8), "minutes": 29,
        "keywords": ["Neighbours", "Farming", "Remembrance"],
        "themes": ["farm", "neighbours", "separation", "letters"],
    },
    {
        "locale": "ka_GE", "languages": ["ka", "ru"], "relation": "relative",
        "detail": "granddaughter of two people named in the archive",
        "date": datetime.date(2016, 11, 30), "minutes": 48, "access_level": "researchers",
        "keywords": ["Missing relatives", "Letters", "Family life"],
        "themes": ["home", "letters", "missing", "photo"],
    },
]  # fmt: skip

OPENING = (
    "Could you tell us where you grew up?",
    "In {home}. Our house stood at the end of a lane, with a walnut tree by the gate. In "
    "summer we slept on the veranda because the rooms were too warm.",
)
CLOSING = (
    "What would you like people to remember?",
    "Their names. That {a} laughed easily, that {b} was good with numbers. Ordinary things. "
    "They were ordinary people, and that is what I want kept.",
)
THEMES = {
    "home": [
        ("Who lived in the house with you?",
         "My parents, my grandmother and, for a time, {a}. Every evening someone read aloud "
         "and the rest of us shelled beans or mended things."),
    ],
    "meals": [
        ("Do you remember the meals?",
         "Bread on Fridays, always. My mother baked enough for the neighbours too. {a} would "
         "come to the door pretending not to be hungry, and she always gave a second loaf."),
        ("What about feast days?",
         "The long table was carried into the yard. There were more cousins than chairs, so "
         "the children sat on the steps. I can still hear the plates."),
    ],
    "school": [
        ("Did you go to school?",
         "Yes, to the little school by the bridge. {b} sat next to me and let me copy the "
         "sums. The teacher pretended not to see."),
    ],
    "market": [
        ("What was market day like?",
         "Noisy and wonderful. We sold apples and bought thread and salt. {a} knew every "
         "trader by name and always came home with news."),
    ],
    "neighbours": [
        ("Tell us about the neighbours.",
         "{a}'s family lived next door. We shared a well, so we saw each other every "
         "morning. My mother and {a} talked across the fence while the buckets filled."),
        ("Did the children play together?",
         "All the time. We had a game with walnut shells that nobody else understood. I "
         "have tried to teach it to my grandchildren, but I have forgotten half the rules."),
    ],
    "work": [
        ("What did your family do for a living?",
         "My father had a workshop. {a} came to learn the trade and stayed for years. I "
         "remember the smell of glue and wood shavings, and the radio that never worked."),
    ],
    "farm": [
        ("Was it a farming family?",
         "We had an orchard and two cows. In autumn everyone helped with the apples, "
         "{a} as well. We children were paid in apples, which we ate before evening."),
    ],
    "separation": [
        ("When did you last see them?",
         "In the autumn. One morning the house next door was quiet. The door was open and "
         "the table was still laid. We never learned where they had gone."),
        ("How did your family speak of it afterwards?",
         "Mostly we did not. My mother kept their chair by the window. Years later she "
         "told me she had been waiting, all that time, for a knock at the door."),
    ],
    "missing": [
        ("Did you ever find out what happened?",
         "No. We wrote letters for many years. Some answers came, saying there was no "
         "record. Not knowing is its own kind of grief. You cannot finish mourning."),
    ],
    "letters": [
        ("You mentioned letters.",
         "Yes. {b} wrote to us once, a short letter in pencil, asking about the garden. I "
         "have kept it in a biscuit tin. The pencil is fading, so I made a copy by hand."),
    ],
    "photo": [
        ("Are there photographs?",
         "Only one. {a} and {b} in front of the house, squinting at the sun. The corner is "
         "torn. I gave a copy to the archive so that it will outlast me."),
    ],
}  # fmt: skip
