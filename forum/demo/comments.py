"""Demo discussion (see forum.demo.content): about six responses to the main post, nested,
and a few on a shorter post."""
from typing import TypedDict


class DemoComment(TypedDict):
    key: str  # how a reply names its parent
    post: str  # the post's slug
    parent: str | None
    author_name: str
    author_website: str | None
    author_email: str | None
    is_staff: bool
    hours_after_post: float
    body_md: str


COMMENTS: list[DemoComment] = [
    # --- Main post -------------------------------------------------------------------
    {
        "key": "c1",
        "post": "memo-17-2026-universal-register",
        "parent": None,
        "author_name": "Arvid Kessling",
        "author_website": "https://example.net/arvid-kessling",
        "author_email": "arvid.kessling@example.net",
        "is_staff": False,
        "hours_after_post": 5.5,
        "body_md": """\
I volunteer as a benefits appeals adviser, so I see the cost of the current mess every
week. I agree with more of this than I expected to, but I think the post moves too
quickly in places.

> But "the data is scattered and inconsistent" is an argument for better exchange
> between registers.

In principle, yes. In practice the Ministry has been promising better exchange for as
long as I have been doing this work, and the people I help are still carrying paper
certificates from one office to the next. At some point the case for a federated design
has to reckon with the fact that it has not been delivered. A single register is crude,
but it is something a ministry can actually build.

> "Necessary for the performance of their duties" is not a purpose. It is a description
> of every official's job.

Agreed completely. This is the strongest point in the piece and it should be the first
line of every consultation response.

> Concentrating the data concentrates the reward for attacking it, and widening access
> multiplies the ways in.

True, but the alternative has its own attack surface. Fourteen registers means fourteen
sets of administrators, fourteen patch cycles and fourteen places where a badly
configured export can leak. I would like to see that comparison made honestly, rather
than assuming that distributed is automatically safer.

> Every query is logged, and residents can see who looked at their data and why

This is the part I would fight hardest for, whichever design wins. If the Ministry
insists on one register, per-query transparency for residents is the condition that
makes it tolerable. If it adopts your exchange model, it is what makes that model
trustworthy.

So my position is this: keep the critique of the missing purposes and of the
ministerial-order clause, but don't let the argument turn into a defence of the present
fragmentation. The people paying for that fragmentation are mostly the ones with the
least time to fill in forms.
""",
    },
    {
        "key": "c2",
        "post": "memo-17-2026-universal-register",
        "parent": None,
        "author_name": "Nadia Holmqvist",
        "author_website": None,
        "author_email": "n.holmqvist@example.org",
        "is_staff": False,
        "hours_after_post": 11.0,
        "body_md": """\
I have been a records clerk at a municipal population office for eleven years. Two
observations from the inside.

First, most of the inconsistencies people suffer from are not caused by having separate
registers. They are caused by corrections that never flow back to the source. When a tax
officer fixes an address, the fix stays in the tax system. A single register would not
change that unless someone is made responsible for each fact, which is exactly your
first point.

Second, we already receive requests from other bodies that are really fishing trips:
"send us everything you hold on this household". We refuse them, because the law says
what we may share and with whom. If the memo goes through as written, nobody will need
to ask us, and nobody will be in a position to say no.
""",
    },
    {
        "key": "c3",
        "post": "memo-17-2026-universal-register",
        "parent": "c2",
        "author_name": "Pieter Voss",
        "author_website": "https://example.org/pieter-voss",
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 19.25,
        "body_md": """\
Speaking as the IT administrator of a mid-sized municipality: your second point is the
one that worries me most. Our access controls are rough, but they exist because each
system belongs to a department that cares who logs in to it. In a central register,
roles would be managed by the Ministry for thousands of users across hundreds of bodies.
In my experience roles only ever accumulate; nobody removes access when a person changes
jobs.

We wrote up our own access review from last year, including how many dormant accounts we
found, here: https://example.org/municipal-it/notes/access-review
""",
    },
    {
        "key": "c4",
        "post": "memo-17-2026-universal-register",
        "parent": "c1",
        "author_name": "Editorial team",
        "author_website": None,
        "author_email": None,
        "is_staff": True,
        "hours_after_post": 26.0,
        "body_md": """\
Thank you, this is a fair challenge and we accept part of it. Better exchange has been
promised for a long time, and we should not write as if the federated route were free of
risk. Fourteen badly run registers are not safer than one well-run register.

Our argument is narrower than it may have read. Whichever architecture is chosen, it is
the open purpose clause and the power to add categories by ministerial order that turn a
consolidation project into a general-purpose profile of every resident. We will make
that distinction clearer in our consultation response, and we will add a section on
delivery, including why earlier programmes stalled, rather than treating this purely as
a design question.
""",
    },
    {
        "key": "c5",
        "post": "memo-17-2026-universal-register",
        "parent": "c3",
        "author_name": "Lotte Brae",
        "author_website": None,
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 31.5,
        "body_md": """\
A genuine question for either of you: does the memo say whether access would be logged
per record, or only per login session? That seems to decide whether the transparency the
post proposes is even possible. If only sessions are logged, nobody can later tell a
resident who opened their file, and the dormant accounts Pieter describes would leave no
useful trace at all.
""",
    },
    {
        "key": "c6",
        "post": "memo-17-2026-universal-register",
        "parent": None,
        "author_name": "Samir Quell",
        "author_website": None,
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 66.0,
        "body_md": """\
Sent a short response built on the five points above. It took about ten minutes through
the [Ministry's consultation
form](https://example.net/veldmark/consultations/memo-17-2026).
""",
    },
    # --- Number-plate cameras post ---------------------------------------------------
    {
        "key": "d1",
        "post": "eastway-anpr-cameras-questions",
        "parent": None,
        "author_name": "Mareike Tolland",
        "author_website": None,
        "author_email": "mareike@example.net",
        "is_staff": False,
        "hours_after_post": 3.0,
        "body_md": """\
On question 1: the tender notice for the cameras asks for "storage of all passage
records for a minimum of 90 days". That is a long way from minutes, and nothing in the
council decision explains where the figure comes from.
""",
    },
    {
        "key": "d2",
        "post": "eastway-anpr-cameras-questions",
        "parent": "d1",
        "author_name": "Joost Verhaar",
        "author_website": "https://example.com/joost",
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 9.5,
        "body_md": """\
The same 90 days appears in the neighbouring district's contract, word for word. It
looks like the supplier's default setting rather than a decision anyone made, which is a
good reason to ask for it to be justified in public.
""",
    },
    {
        "key": "d3",
        "post": "eastway-anpr-cameras-questions",
        "parent": None,
        "author_name": "Omar Lindqvist",
        "author_website": None,
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 28.0,
        "body_md": """\
I support the low-emission zone and I still agree with every one of these questions.
Enforcement that people don't trust ends up challenged in court, and the zone itself
would pay for that.
""",
    },
    # --- Passage responses on the main post (forum.passages) -----------------------------
    {
        "key": "c7",
        "post": "memo-17-2026-universal-register",
        "parent": None,
        "author_name": "Ilse Brandt",
        "author_website": None,
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 40.0,
        "body_md": """\
Exactly this. The 2019 vehicle register began with four categories and has eleven today,
every one of them added by order. Nobody voted on any of them.
""",
    },
    {
        "key": "c8",
        "post": "memo-17-2026-universal-register",
        "parent": None,
        "author_name": "Tomas Reijnders",
        "author_website": None,
        "author_email": None,
        "is_staff": False,
        "hours_after_post": 44.0,
        "body_md": """\
A single paragraph is generous: the security section of the memo is three sentences long,
and one of them is about the logo on the login page.
""",
    },
]

# The one sentence of the main post each of these responses answers (a quote set in the form,
# shown above the response; the long comment c1 quotes its passages in its own text instead).
PASSAGE_QUOTES: dict[str, str] = {
    "c7": "That sentence is the whole problem in miniature.",
    "c8": "The memo gives security a single paragraph and a promise of \"state-of-the-art "
          "protection\".",
}

# After the discussion, the author corrects the post: the sentence c8 answered changes, so c8's
# quote is honestly orphaned (and links to the version it answered); every other quote stays.
DEMO_EDIT = {
    "post": "memo-17-2026-universal-register",
    "old": "The memo gives security a single paragraph and a promise of \"state-of-the-art\n"
           "protection\".",
    "new": "The memo gives security three sentences and a promise of \"state-of-the-art\n"
           "protection\".",
    "summary": "Corrected the length of the memo's security section (thanks, Tomas).",
}
