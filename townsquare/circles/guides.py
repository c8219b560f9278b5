"""The circle guides, written by us: a getting-started guide and one guide for each of the twelve weeks.

Every guide turns around three questions that a circle keeps asking for twelve weeks:

1. What am I trying to accomplish?
2. Who can help me with it (and who cares about the same thing)?
3. How can I contribute to them?

Each week holds a short idea, a few exercises that fit in the time between two meetings, and an agenda
for the meeting itself (about an hour, each person a few minutes).
"""

from dataclasses import dataclass

WEEKS = 12

QUESTIONS = (
    "What am I trying to accomplish?",
    "Who can help me, and who cares about the same thing?",
    "How can I contribute to them?",
)


@dataclass(frozen=True)
class Guide:
    week: int  # 0 for getting started
    title: str
    focus: int  # which of the three questions leads this week (0, 1 or 2)
    idea: str
    exercises: tuple[str, ...]
    meeting: tuple[str, ...]
    check_in_prompt: str

    @property
    def question(self) -> str:
        return QUESTIONS[self.focus]


GETTING_STARTED = Guide(
    week=0,
    title="Getting started",
    focus=0,
    idea=("A circle is four or five colleagues who meet once a week for twelve weeks, each working on a goal "
          "of their own. Nobody teaches: you try small things between meetings, then tell each other how it "
          "went. The circle starts as soon as it has four people, and week 1 begins that day."),
    exercises=(
        "Agree on a regular hour, the same each week. An hour is enough; a video call works as well as a room.",
        "Write your goal on the circle page before the first meeting. A rough goal is fine; week 1 helps you sharpen it.",
        "Agree that what is said in the circle stays in the circle. The circle's notes are visible to its members only.",
        "Choose who keeps time at the first meeting, and take turns after that.",
    ),
    meeting=(
        "Each person introduces themselves in two minutes: role, and why they joined.",
        "Read this week's guide together and share your first thoughts on a goal.",
        "Check in before you close: did we meet, and what will each of us try this week?",
    ),
    check_in_prompt="Did you meet? What are you hoping the twelve weeks will give you?",
)

GUIDES: tuple[Guide, ...] = (
    Guide(
        week=1, title="A goal and a first list of people", focus=0,
        idea=("Pick a goal you care about and can move forward in twelve weeks: learn something, explore a "
              "role, get a project noticed, meet people in a field. It should matter to you, and involve other "
              "people. Then list the people related to it — you will come back to this list every week."),
        exercises=(
            "Write your goal in one sentence that starts with “I want to…”. Put it on the circle page.",
            "List ten people related to your goal: some you know, some you only know of, some outside your "
            "department. A name from the directory counts.",
            "Next to each name, note one thing you know about what they care about. Leave it blank if you don't know yet.",
        ),
        meeting=(
            "Each person reads out their goal. The others ask one question that makes it clearer.",
            "Share two names from your list and why they are on it.",
        ),
        check_in_prompt="What is your goal, in one sentence? How many people are on your list?",
    ),
    Guide(
        week=2, title="Small gifts first", focus=2,
        idea=("Relationships start with giving, not asking. The smallest contributions count: attention, "
              "thanks, a useful link, a kind word in public. This week you give without expecting anything back."),
        exercises=(
            "Follow three people from your list and read what they have posted recently.",
            "React to or answer two of their posts, with a sentence that shows you read them.",
            "Thank one person for something they did that helped you, even long ago. Say what changed for you.",
        ),
        meeting=(
            "Each person tells one contribution they made and how it felt to make it.",
            "Did anything come back? Note it, but don't count it: it is early.",
        ),
        check_in_prompt="Which small gifts did you give? Did any surprise you?",
    ),
    Guide(
        week=3, title="Let people find you", focus=1,
        idea=("People can only help you, or ask for your help, if they can see what you do and care about. "
              "Your profile is the first thing they see. Make it say who you are today, not your job title alone."),
        exercises=(
            "Update your profile: a photo, a short bio in your own voice, your skills and your interests.",
            "Add the topic of your goal to your skills or interests, so the directory can point people to you.",
            "Write a short post on what you are exploring and why. Invite anyone who knows about it to say hello.",
        ),
        meeting=(
            "Look at each other's profiles together. What would make a stranger want to talk to this person?",
            "Read each other's posts and leave a real reply on them.",
        ),
        check_in_prompt="What did you change on your profile? Who noticed your post?",
    ),
    Guide(
        week=4, title="Listen before you speak", focus=1,
        idea=("Before adding your voice, find out where the conversation about your goal already happens: which "
              "groups, topics and people. Listening tells you what people need, and what you could add."),
        exercises=(
            "Find two groups or topics close to your goal and follow them. Read a week of their posts.",
            "Note three questions people keep asking there. Could you answer one?",
            "Answer one question, in a group or the unanswered questions queue, as helpfully as you can.",
            "Add two new names to your list: people you found while listening.",
        ),
        meeting=(
            "Each person shares one thing they learned by listening that they did not expect.",
            "Which of the questions you found could someone else in the circle answer?",
        ),
        check_in_prompt="Where is the conversation about your goal happening? What did you answer?",
    ),
    Guide(
        week=5, title="Show work in progress", focus=0,
        idea=("Finished work is hard to help with. Work in progress invites people in: a draft, a half-solved "
              "problem, a first result. Describing what you are doing, and why, is how others learn where they fit."),
        exercises=(
            "Post about something you are working on now: where it stands, what is hard, what comes next.",
            "Ask one specific question in the post, one a reader could answer in a minute.",
            "Write down what your post drew: reactions, replies, a message, a new name.",
        ),
        meeting=(
            "Each person reads their post aloud. The circle suggests one way to make it shorter and more inviting.",
            "What stops each of us from sharing unfinished work? Say it out loud; it usually shrinks.",
        ),
        check_in_prompt="What work in progress did you share, and what came back?",
    ),
    Guide(
        week=6, title="Deepen three relationships", focus=2,
        idea=("A long list of names is not a network. This week you choose three people from your list and make "
              "a contribution to each that is personal to them — something that shows you know what they care about."),
        exercises=(
            "Choose three people from your list. Reread what they post, and what they say they care about.",
            "For each, make one personal contribution: an article they would value, an introduction to someone "
            "they should meet, an offer of a skill you have.",
            "Invite one of them for a coffee. Coffee roulette can find you more people like them, too.",
        ),
        meeting=(
            "Share one contribution each and how the person responded.",
            "Help each other: who in the circle knows someone one of your three should meet?",
        ),
        check_in_prompt="Which three people did you choose, and what did you give each of them?",
    ),
    Guide(
        week=7, title="Halfway: look back, adjust", focus=0,
        idea=("Six weeks in, your goal may look different. That is progress, not failure. Take stock: what has "
              "moved, who has appeared, what you would do differently in the weeks that are left."),
        exercises=(
            "Reread your goal. Keep it, sharpen it or change it — and update it on the circle page.",
            "Look at your list. Who has moved closer? Who should come off it, and who should come on?",
            "Write three sentences on what surprised you so far. Keep them for week 12.",
        ),
        meeting=(
            "Each person says what they would tell themselves in week 1 if they could.",
            "Agree on one thing the circle itself could do better in the second half.",
        ),
        check_in_prompt="Did your goal change? What surprised you in the first six weeks?",
    ),
    Guide(
        week=8, title="Help many people at once", focus=2,
        idea=("Some contributions help one person; others help everyone who has the same question. Whatever "
              "you have learned about your goal is worth something to the people who are a few steps behind you."),
        exercises=(
            "Write down something you know well that others keep asking about: a how-to, a checklist, a lesson learned.",
            "Share it as a post or an article, in the group where people need it.",
            "Link to the people whose work helped you learn it, and thank them by name.",
        ),
        meeting=(
            "Each person shares what they wrote and who it was meant for.",
            "Which of these could the rest of the circle pass on to someone on their own list?",
        ),
        check_in_prompt="What did you share that could help many people? Who did you credit?",
    ),
    Guide(
        week=9, title="Ask for help, well", focus=1,
        idea=("After weeks of giving, asking is easier and better received. A good request is specific, easy to "
              "say yes to, and sent to the right person. People like to help when they know exactly how."),
        exercises=(
            "Write a request that moves your goal: what you need, why, and what a small yes would look like.",
            "Send it to one person on your list who is likely to know — or post it as a question in the right group.",
            "If it fits, add a mentoring request on the topic; someone may already be offering help.",
        ),
        meeting=(
            "Each person reads their request. The circle makes it one step more specific.",
            "Share one request that got a yes, and one that didn't. What was different?",
        ),
        check_in_prompt="What did you ask for, and from whom? What happened?",
    ),
    Guide(
        week=10, title="Recognise the people around your goal", focus=2,
        idea=("Recognition is a contribution almost everyone values and few people get enough of. Saying in public "
              "what someone did, and what it made possible, strengthens the relationship and the whole network."),
        exercises=(
            "Write a praise post for a person or team whose work helped your goal. Be concrete about the effect.",
            "Tell one person privately what their help meant, with a detail they might not know.",
            "Look at your list: who has been generous and has not been thanked yet?",
        ),
        meeting=(
            "Each person reads their praise post. How did the person react?",
            "Name one thing each circle member did in these ten weeks that you admire.",
        ),
        check_in_prompt="Whom did you recognise, and for what?",
    ),
    Guide(
        week=11, title="Beyond the twelve weeks", focus=0,
        idea=("The circle ends next week; the habits don't have to. Think about the longer arc: the purpose behind "
              "your goal, and the few small habits that would keep it moving without a weekly meeting."),
        exercises=(
            "Write a few sentences on what you want to be known for in a year. It can become your manifesto.",
            "Choose two small habits to keep, each tied to a moment of your day (first coffee, lunch, leaving).",
            "Pick one person from your list you will keep contributing to every month.",
        ),
        meeting=(
            "Each person shares their sentences on the longer arc. The circle asks: what is the first step?",
            "Talk about how you'd like to stay in touch after next week.",
        ),
        check_in_prompt="What will you keep doing after the circle? What is your longer goal?",
    ),
    Guide(
        week=12, title="Look back and celebrate", focus=1,
        idea=("Twelve weeks ago you wrote a goal and a list of ten names. Look at both again. Count what changed: "
              "people who know you now, things you made visible, help given and received. Then celebrate it together."),
        exercises=(
            "Compare your list today with your first one. Who is new? Whom do you now know well?",
            "Reread your week 7 notes. Write three sentences on what you learned about working in the open.",
            "Thank each member of the circle for one specific thing.",
            "Decide what comes next: a new goal, a new circle, or hosting one for people just starting.",
        ),
        meeting=(
            "Each person tells the story of their twelve weeks in three minutes: where they started, where they are.",
            "Celebrate. Then mark the circle as completed on its page.",
        ),
        check_in_prompt="What changed for you in twelve weeks? What comes next?",
    ),
)

assert len(GUIDES) == WEEKS and [g.week for g in GUIDES] == list(range(1, WEEKS + 1))


def guide_for(week: int) -> Guide:
    """The guide of a week (1–12); 0 or less is the getting-started guide."""
    if week <= 0:
        return GETTING_STARTED
    return GUIDES[min(week, WEEKS) - 1]
