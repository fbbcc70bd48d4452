"""Demo posts (see forum.demo.content): the main critique of Memo 17/2026 and a few shorter
pieces, a draft and a scheduled post."""
from typing import TypedDict


class DemoPost(TypedDict):
    title: str
    slug: str
    excerpt: str
    body_md: str
    categories: list[str]  # category slugs
    days_ago: float  # negative for a scheduled post
    status: str  # "published", "scheduled" or "draft"


POSTS: list[DemoPost] = [
    # The main post: first in the list, with the long comment thread.
    {
        "title": (
            "One register for everything: Memo 17/2026 names a real problem "
            "and picks the wrong cure"
        ),
        "slug": "memo-17-2026-universal-register",
        "excerpt": (
            "The Ministry of Civic Administration wants to merge every public record about every "
            "resident of Veldmark into a single database. The frustration behind the proposal is "
            "real; the remedy is disproportionate, fragile and very hard to undo."
        ),
        "body_md": """\
Last week the Ministry of Civic Administration published Memo 17/2026, "Towards a
Universal Register of Citizens' Records". It appeared quietly, with a five-week
consultation, and deserves far more attention. If adopted, it would be the largest
change in a generation to how the state holds information about its residents.

The core proposal is best read in the Ministry's own words:

> ### Memo 17/2026: Towards a Universal Register of Citizens' Records
>
> Residents currently supply the same information to as many as fourteen separate public
> bodies, each of which maintains its own records, its own identifiers and its own error
> rates. The Ministry proposes to consolidate these holdings into a single Universal
> Register, maintained centrally and keyed to the national personal number.
>
> In its first phase, the Register will hold:
>
> - civil status, address history and household composition;
> - tax assessments, benefit entitlements and payment records;
> - health insurance enrolment and primary care registration;
> - school and vocational records, and licences issued by any public authority.
>
> Access will be granted to authorised officials of any participating body where this is
> necessary for the performance of their duties.

## The problem is real

To be fair, anyone who has moved house with children in Veldmark knows the routine: tell
the population office, then the tax office, then the school board, then the health
insurer, each with its own form, and each quietly keeping a slightly different version
of you. An error corrected in one register stays uncorrected in the others. The
Ombudsman has documented people losing benefits for months because two agencies
disagreed about their address. The memo is right that this is a failure of the state,
not of its residents.

But "the data is scattered and inconsistent" is an argument for better exchange between
registers. It is not, by itself, an argument for putting everything into one.

## Purpose limitation, or the lack of it

The memo's central weakness is that it never says what the Register is for. It lists
what goes in, not what may come out, for which decisions or under what conditions.
"Necessary for the performance of their duties" is not a purpose. It is a description of
every official's job.

Purpose limitation is what lets a resident predict what will happen to information they
hand over. A parent who gives a school their child's special-needs assessment expects it
to shape support in the classroom. They do not expect a benefits investigator or a
housing allocator to see it, yet on the memo's wording either could claim it is relevant
to their duties.

## Data minimisation and function creep

The memo treats completeness as a virtue. Its annex adds that "further categories may be
added by ministerial order as operational needs arise". That sentence is the whole
problem in miniature. Once a single store exists, every new need will be met by adding a
field and widening access, because that is always the cheapest option. Each step will
look minor. Together they will produce a system nobody would have agreed to had it been
proposed in one piece.

Data minimisation asks the opposite question: what is the least information each body
needs for its specific task? The tax office needs to know that an address has changed.
It does not need the health insurer's records to find that out.

## One database, one target

The memo gives security a single paragraph and a promise of "state-of-the-art
protection". No system holding tax, health, school and household data on millions of
people is ever fully protected; the honest question is what happens when it fails.

Today, a breach at the vehicle licensing authority exposes licensing data. Under the
memo, one stolen login from any of thousands of authorised officials could open a
complete profile of a person: where they live, who they live with, what they earn, which
doctor they see. Concentrating the data concentrates the reward for attacking it, and
widening access multiplies the ways in. Insider misuse, such as an official looking up
an ex-partner, is the more common risk, and it grows with every account that can search
everything.

## Consent is the wrong frame, but obligation is not a blank cheque

Residents would not be asked for consent; the Register would rest on a legal obligation.
That is not a flaw in itself: a tax system cannot run on opt-in. But a legal basis does
not make processing proportionate. When the state removes choice, it takes on a heavier
duty to keep the processing narrow, transparent and open to challenge. The memo reads
the removal of choice as a licence for breadth. It should be read the other way round.

Where consent could genuinely work, such as passing a new address on to optional
services like the library, the memo does not offer it at all.

## What a proportionate alternative looks like

None of this means keeping the status quo. A better design keeps records with the bodies
responsible for them and connects them through a narrow exchange layer:

1. Each register remains authoritative for its own data, with one designated source for
   each fact: the address from the population register, income from the tax office.
2. Bodies ask for specific facts for specific, published purposes ("does this person
   live in the municipality?") and receive an answer, not a record.
3. Every query is logged, and residents can see who looked at their data and why,
   through the existing citizen portal.
4. A new purpose requires an amendment to the law, debated in parliament, not a
   ministerial order.
5. An independent auditor reviews access patterns every year and reports publicly.

This delivers most of what the memo wants, fewer forms and fewer contradictions, while
keeping any single failure contained and every use of the data visible.

## What to do now

The consultation is open for another three weeks, and responses need not be long. A
clear statement that the Register needs defined purposes, a closed list of data
categories and transparency for every query will carry more weight than a general
objection. We will publish our own response here, and we welcome corrections from people
who work with these registers every day.
""",
        "categories": ["policy-critique", "data-protection", "public-administration"],
        "days_ago": 4.2,
        "status": "published",
    },
    {
        "title": "How to write a consultation response that officials actually read",
        "slug": "writing-consultation-responses",
        "excerpt": (
            "Most consultations are processed in a spreadsheet, one row per submission. "
            "A few habits make your response far more likely to shape the summary report."
        ),
        "body_md": """\
Most public consultations in Veldmark receive a few dozen responses, sometimes a few
hundred. The officials who process them usually work through a spreadsheet with one row
per submission and a column for each question. Knowing that changes how you should
write.

## Answer the question they asked

If the consultation document numbers its questions, number your answers the same way. A
good point filed under the wrong heading is easy to miss when someone is summarising two
hundred submissions in a week.

## Lead with the change you want

Put your recommendation in the first sentence and the reasons after it. "The list of
data categories should be closed and set out in law" is more useful than three
paragraphs of background followed by a general objection.

## Be concrete about your experience

If you have personal or professional experience, say what it is and keep it specific:
how long a process took, what went wrong, how many people were affected. Officials are
often asked to quantify concerns, and a figure from a practitioner can end up in the
final report.

## Say who you are, briefly

One line, such as "I am a school administrator in a rural municipality", helps the
reader weigh your response. You do not need to give more personal detail than that, and
most consultations accept anonymous submissions.

## Don't worry about length

Half a page is fine. Responses copied from a campaign template are usually counted
together as one, so a short response in your own words often carries more weight than a
long one in someone else's.
""",
        "categories": ["consultations", "public-administration"],
        "days_ago": 9.0,
        "status": "published",
    },
    {
        "title": "Number-plate cameras on the Eastway ring road: five questions for the council",
        "slug": "eastway-anpr-cameras-questions",
        "excerpt": (
            "Brennholt is installing twelve number-plate cameras to enforce its low-emission "
            "zone. The aim is sound; the two-page council decision leaves the important "
            "questions unanswered."
        ),
        "body_md": """\
Brennholt city council has approved twelve automatic number-plate recognition cameras on
the Eastway ring road, to be installed over the summer. The stated purpose is enforcing
the new low-emission zone. That is a legitimate aim, and cameras are a reasonable tool
for it. But the council decision runs to two pages and leaves the important questions
open. Before the cameras go live, residents should have answers to these:

1. **How long are records of compliant vehicles kept?** For enforcement, a compliant
   vehicle needs to be checked and then forgotten, ideally within minutes. Anything
   longer builds a movement log of everyone who drives into town.
2. **Who else can query the data?** The decision mentions "cooperation with partner
   agencies" without naming them. If police access is intended, the council should say
   so, along with the legal basis and the conditions.
3. **Has an impact assessment been done, and will it be published?** The council's own
   data protection policy requires one for any new large-scale monitoring.
4. **Who runs the system?** If a contractor operates the cameras and the software behind
   them, the contract terms on data use, retention and subcontractors matter as much as
   the council's policy.
5. **When will the scheme be reviewed?** A fixed review date, with published figures on
   penalties issued and errors corrected, is the simplest way to show the cameras are
   doing the job they were bought for and nothing else.

None of this requires opposing the low-emission zone. It only requires the council to
settle these questions in public, rather than leaving them to the procurement process.
""",
        "categories": ["surveillance", "policy-critique"],
        "days_ago": 16.0,
        "status": "published",
    },
    {
        "title": "Reading a data protection impact assessment: what to look at first",
        "slug": "reading-a-dpia",
        "excerpt": (
            "Impact assessments are long and template-heavy, but a few sections tell you "
            "most of what you need to know about a new system."
        ),
        "body_md": """\
Public bodies in Veldmark must carry out a data protection impact assessment before
starting processing that is likely to pose a high risk to people. Many are released on
request, and a few are published as a matter of course. They are long, and it is easy to
get lost in the template. These are the parts we read first.

**The statement of purpose.** A good assessment states its purpose narrowly enough that
you could tell whether a given use falls inside it. "Improving service delivery" fails
that test. "Reminding parents whose children are not yet enrolled in a school at the
start of the school year" passes it.

**Necessity and proportionality.** Look for evidence that alternatives were considered.
If the assessment never mentions a less intrusive option, it was probably written after
the decision had been made.

**Recipients.** Check whether it names the bodies that will receive data or only
describes them ("authorised partners"). Named recipients can be checked; descriptions
can grow without anyone noticing.

**Retention.** Each category of data should have its own retention period and a reason
for it. One period for everything suggests nobody has looked closely.

**The risk table.** The revealing column is usually "residual risk". If every risk is
rated low after mitigation, and the mitigations are mostly policies rather than
technical controls, treat the ratings with caution.

Finally, check the date and the version number. An assessment is supposed to be
revisited when the processing changes. One last updated before a major system change
describes a system that no longer exists.
""",
        "categories": ["data-protection"],
        "days_ago": 30.0,
        "status": "published",
    },
    {
        "title": "Our response to the Memo 17/2026 consultation (working draft)",
        "slug": "memo-17-2026-response-draft",
        "excerpt": (
            "Working draft of our submission on the Universal Register memo, "
            "for review by the editorial group."
        ),
        "body_md": """\
*Working draft. Not for publication until the editorial group has signed it off.*

## Our position in one paragraph

We support the aim of sparing residents from giving the same information to many
offices. We oppose the Universal Register as described in Memo 17/2026, and propose an
exchange model in which each register keeps its own data and answers narrow, published
questions.

## Points to make

- Replace "where necessary for the performance of their duties" with a closed list of
  purposes for each participating body.
- Delete the power in the annex to add data categories by ministerial order.
- Ask for the threat model, and for the expected number of user accounts with search
  access.
- Require access logs per record, not per session, visible to residents through the
  citizen portal.
- Address delivery, not only design: why did earlier interoperability programmes stall,
  and what would be different this time? (Raised by a reader under our post on the
  memo.)

## Still to check

- Whether the memo's figure of fourteen bodies counts municipalities individually.
- Whether the Data Protection Authority was consulted before the memo was published.
""",
        "categories": ["consultations", "data-protection"],
        # Drafts are not published; days_ago records when the draft was last edited.
        "days_ago": 1.0,
        "status": "draft",
    },
    {
        "title": "Tonight: an open reading of the Universal Register memo",
        "slug": "open-reading-memo-17-2026",
        "excerpt": (
            "Join us at the Brennholt public library to read Memo 17/2026 section by section "
            "and collect questions for the consultation. No preparation or registration needed."
        ),
        "body_md": """\
Tonight at 19:00 we are holding an open reading of Memo 17/2026 in the upstairs meeting
room of the Brennholt public library. No preparation is needed; printed copies of the
memo and its annex will be on the tables.

## How the evening works

We will read the memo one section at a time. After each section, anyone can ask what it
would mean in practice, and we will write the questions and suggested changes on a
shared sheet. Two people who work with municipal registers have agreed to come and
explain how records are handled today.

## What happens afterwards

The notes will be published here within a week, and anyone can draw on them for their
own consultation response. We will not record the session and we will not take names at
the door. If you would like to hear when the notes are online, you can leave an email
address on the sign-up sheet; we will use it only for that message and delete the sheet
once the notes are published.

## Access

The library has step-free entry and a lift to the first floor. If you need anything else
in order to take part, write to us through the contact page and we will do what we can.
""",
        "categories": ["consultations", "public-administration"],
        # Scheduled: publishes two days after the demo is loaded.
        "days_ago": -2.0,
        "status": "scheduled",
    },
]
