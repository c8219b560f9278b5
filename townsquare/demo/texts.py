"""Words for the demo organisation, all written for Townsquare.

Plain data: names, places, departments, groups and the fragments posts are assembled from.
`generator.py` fills the {slots} (people's handles, cities, topics), so a few hundred
fragments give thousands of distinct posts. Topics are lowercase, written without the `#`.
"""

FIRST_NAMES = [
    "Amara", "Kwame", "Chiamaka", "Tunde", "Zainab", "Fatima", "Omar", "Youssef", "Layla", "Hana", "Yuki",
    "Haruto", "Mei", "Wei", "Jun", "Min-jun", "Seo-yeon", "Priya", "Arjun", "Ananya", "Rohan", "Divya",
    "Vikram", "Aisha", "Sofía", "Mateo", "Lucía", "Diego", "Camila", "Valentina", "Joaquín", "Isabela",
    "João", "Ana", "Pedro", "Marie", "Léa", "Louis", "Camille", "Hugo", "Emma", "Liam", "Olivia", "Noah",
    "Ava", "Ethan", "Mia", "Lucas", "Chloe", "Jack", "Grace", "Oliver", "Ruby", "Harper", "Isla", "Finn",
    "Freya", "Lars", "Ingrid", "Søren", "Astrid", "Niamh", "Cian", "Aoife", "Seán", "Dmitri", "Anya",
    "Katarzyna", "Tomasz", "Zofia", "Mehmet", "Elif", "Linh", "Minh", "Thảo", "Tala", "Marisol", "Kai",
    "Leilani", "Noa", "Yosef", "Tamar", "Ravi", "Sana", "Bilal", "Nadia", "Samir", "Imani", "Malik",
    "Jamal", "Keisha", "Maya", "Jordan", "Taylor", "Riley", "Rowan", "Sam", "Chris", "Wiremu", "Aroha",
    "Mariam", "Ibrahim", "Esra", "Farah", "Andrés", "Paula", "Nikolai", "Greta", "Matteo", "Giulia",
    "Ewa", "Henrik", "Sipho", "Thandiwe", "Kofi", "Abena", "Ngozi", "Chen", "Xin", "Daniel", "Hannah",
]

LAST_NAMES = [
    "Okafor", "Mensah", "Adeyemi", "Haddad", "Khalil", "Nasser", "Tanaka", "Sato", "Nakamura", "Chen",
    "Wang", "Li", "Zhang", "Kim", "Park", "Lee", "Nguyen", "Tran", "Pham", "Sharma", "Patel", "Iyer",
    "Reddy", "Gupta", "Singh", "Khan", "Rahman", "García", "López", "Martínez", "Fernández", "Silva",
    "Santos", "Oliveira", "Rodrigues", "Dubois", "Martin", "Bernard", "Lefèvre", "Moreau", "Müller",
    "Schmidt", "Fischer", "Weber", "Rossi", "Bianchi", "Romano", "Ricci", "Smith", "Johnson", "Williams",
    "Brown", "Jones", "Taylor", "Wilson", "Walker", "Murphy", "O'Brien", "Kelly", "Byrne", "Andersen",
    "Nielsen", "Johansson", "Larsen", "Lindqvist", "Kowalski", "Nowak", "Wiśniewski", "Ivanova",
    "Petrov", "Yılmaz", "Demir", "Kaya", "Cohen", "Levi", "Mizrahi", "Kahananui", "Tupou", "Ngata",
    "Campbell", "Stewart", "Robinson", "Hughes", "Evans", "Baker", "Ahmed", "Hussain", "Ali", "Mwangi",
    "Otieno", "Banda", "Dlamini", "Nkosi", "van der Berg", "de Vries", "Jansen", "Bakker", "Novak",
    "Horvat", "Asante", "Boateng", "Eze", "Moreno", "Castillo", "Vargas", "Herrera", "Suzuki", "Ito",
]

# (label, IANA time zone, weight)
LOCATIONS = [
    ("Sydney, Australia", "Australia/Sydney", 14), ("Melbourne, Australia", "Australia/Melbourne", 6),
    ("Singapore", "Asia/Singapore", 8), ("Bengaluru, India", "Asia/Kolkata", 7), ("Tokyo, Japan", "Asia/Tokyo", 4),
    ("London, United Kingdom", "Europe/London", 12), ("Paris, France", "Europe/Paris", 8),
    ("Berlin, Germany", "Europe/Berlin", 5), ("Dublin, Ireland", "Europe/Dublin", 4),
    ("New York, United States", "America/New_York", 12), ("Seattle, United States", "America/Los_Angeles", 10),
    ("Toronto, Canada", "America/Toronto", 5), ("São Paulo, Brazil", "America/Sao_Paulo", 4),
    ("Auckland, New Zealand", "Pacific/Auckland", 3), ("Nairobi, Kenya", "Africa/Nairobi", 2),
]

CEO_TITLE = "Chief Executive Officer"
CEO_DEPARTMENT = "Executive Office"

# Each department: its share of the company, titles by level, sub-teams (areas), skills,
# topics, things people do on a normal day ("doing": gerund phrases), and achievements
# worth praising ("wins": phrases that follow "for").
DEPARTMENTS = {
    "Engineering": dict(
        weight=24, exec="Chief Technology Officer",
        directors=["Director of Engineering", "Head of Platform", "Head of Infrastructure"],
        managers=["Engineering Manager", "Team Lead", "QA Manager"],
        ics=["Software Engineer", "Senior Software Engineer", "Staff Engineer", "Site Reliability Engineer",
             "QA Engineer", "Data Engineer", "Mobile Developer", "Security Engineer", "Frontend Developer"],
        areas=["Platform", "Payments", "Mobile", "Search", "Identity", "Infrastructure", "Developer Experience",
               "Data Platform", "Web", "Reliability"],
        skills=["Python", "Go", "TypeScript", "PostgreSQL", "Kubernetes", "Code review", "Incident response",
                "Observability", "API design", "Testing", "Security", "React"],
        topics=["engineering", "devops", "code-review", "incidents", "testing", "security"],
        doing=["pairing on the flaky checkout tests", "untangling a slow query in the billing service",
               "writing the design doc for the new notifications pipeline",
               "running the review of Tuesday's outage", "moving the last services off the old build server",
               "reviewing pull requests before the release cut", "planning how we retire the legacy login page",
               "load-testing the search cluster before the campaign", "chasing a memory leak that only shows up on Fridays",
               "turning our on-call notes into a proper runbook"],
        wins=["getting the release out two days early without a single rollback",
              "turning a forty-minute build into a nine-minute one", "staying calm and clear through the weekend outage",
              "writing the runbook everyone now actually uses", "guiding three new starters through their first on-call week",
              "deleting ten thousand lines of code nobody needed"],
        about="Builds and runs the product, from the first commit to the pager.",
    ),
    "Product": dict(
        weight=8, exec="Chief Product Officer",
        directors=["Director of Product", "Head of Design"],
        managers=["Group Product Manager", "Design Manager", "Research Lead"],
        ics=["Product Manager", "Product Designer", "UX Researcher", "Content Designer", "Product Analyst"],
        areas=["Onboarding", "Growth", "Mobile Experience", "Insights", "Core Product", "Design System"],
        skills=["Product discovery", "User research", "Prototyping", "Figma", "Roadmapping", "Analytics",
                "Accessibility", "UX writing"],
        topics=["product", "design", "user-research", "accessibility", "roadmap"],
        doing=["watching five customers try the new onboarding flow", "cutting the roadmap down to what we can finish this quarter",
               "turning last week's interview notes into three clear problems", "prototyping a simpler settings page",
               "running a design critique with the mobile squad", "writing release notes a human would want to read",
               "sorting two hundred feature requests into themes"],
        wins=["running twelve customer interviews in a week and sharing every note", "shipping the accessible colour palette",
              "saying no to the right features so we could ship the important one", "making the onboarding flow half as long",
              "a prototype that settled a month-long debate in one afternoon"],
        about="Decides what we build next and makes sure it is worth building.",
    ),
    "Sales": dict(
        weight=14, exec="VP Sales",
        directors=["Regional Sales Director", "Head of Enterprise Sales"],
        managers=["Sales Manager", "Partner Manager"],
        ics=["Account Executive", "Senior Account Executive", "Sales Development Representative", "Solutions Engineer",
             "Partner Account Manager", "Sales Operations Analyst"],
        areas=["Enterprise APAC", "Enterprise EMEA", "Enterprise Americas", "Mid-Market", "Partners", "Sales Development"],
        skills=["Negotiation", "Discovery calls", "Forecasting", "Salesforce", "Presenting", "Partnerships", "Account planning"],
        topics=["sales", "customers", "deals", "partners"],
        doing=["preparing a renewal pitch for a logistics customer", "visiting two retail accounts across town",
               "rehearsing the demo for Thursday's board-level meeting", "cleaning up the pipeline before the forecast call",
               "shadowing a solutions engineer on a technical deep-dive", "writing a joint plan with a hospital group",
               "calling back every lead from last week's webinar"],
        wins=["closing the biggest new customer of the quarter", "rescuing a renewal everyone thought was lost",
              "building a partner deal out of a single coffee chat", "sharing every lesson from a lost deal so we don't repeat it",
              "coaching the new representatives through their first month"],
        about="Finds the customers we can help most and earns their trust.",
    ),
    "Marketing": dict(
        weight=8, exec="Chief Marketing Officer",
        directors=["Director of Brand", "Head of Growth Marketing"],
        managers=["Content Marketing Manager", "Events Manager", "Product Marketing Manager"],
        ics=["Content Writer", "Campaign Specialist", "Brand Designer", "Social Media Specialist", "Marketing Analyst",
             "Events Coordinator"],
        areas=["Brand", "Content", "Demand Generation", "Events", "Product Marketing", "Communications"],
        skills=["Copywriting", "Storytelling", "SEO", "Campaign planning", "Events", "Brand", "Video"],
        topics=["marketing", "brand", "storytelling", "events", "campaigns"],
        doing=["drafting the customer story for the Melbourne launch", "reviewing stand designs for next month's conference",
               "testing two subject lines for the webinar invitation", "interviewing an engineer for the product blog",
               "pulling the campaign numbers together for Monday", "recording a short video about the new release"],
        wins=["a launch video people actually shared", "running the conference stand that brought in forty meetings",
              "rewriting the website in plain language", "a webinar with more questions than we could answer"],
        about="Tells our story outside the building and helps us hear the market.",
    ),
    "Customer Success": dict(
        weight=12, exec="VP Customer Success",
        directors=["Director of Support", "Head of Customer Success"],
        managers=["Support Team Lead", "Customer Success Lead", "Onboarding Manager"],
        ics=["Customer Success Manager", "Support Specialist", "Senior Support Engineer", "Onboarding Consultant",
             "Technical Account Manager", "Knowledge Base Editor"],
        areas=["Support APAC", "Support EMEA", "Support Americas", "Onboarding", "Enterprise Accounts", "Knowledge"],
        skills=["Customer empathy", "Troubleshooting", "Zendesk", "Onboarding", "Escalations", "Training", "Knowledge base"],
        topics=["customers", "support", "onboarding", "feedback"],
        doing=["training a council's new administrators", "working through a tricky single sign-on escalation",
               "turning this week's top support questions into help articles", "visiting a customer who wants to double their licences",
               "reading every satisfaction comment from last month", "running a health check with a university customer"],
        wins=["clearing the whole queue before the long weekend", "a health check that saved a renewal",
              "the help article that halved password tickets", "handling a very unhappy customer with patience and humour"],
        about="Helps customers succeed with what they bought and brings their voice back to us.",
    ),
    "Operations": dict(
        weight=10, exec="Chief Operating Officer",
        directors=["Director of Operations", "Head of Workplace"],
        managers=["Facilities Manager", "Procurement Manager", "IT Service Manager"],
        ics=["Operations Analyst", "Workplace Coordinator", "IT Support Specialist", "Procurement Specialist",
             "Project Coordinator", "Business Analyst"],
        areas=["Workplace", "IT Services", "Procurement", "Business Operations", "Programme Office"],
        skills=["Process improvement", "Vendor management", "Project management", "Lean", "IT support", "Scheduling"],
        topics=["operations", "workplace", "it-help", "process"],
        doing=["walking the new Paris office with the fit-out team", "comparing three laptop suppliers",
               "mapping the purchase approval process on a whiteboard", "rolling out the new meeting-room booking screens",
               "planning the Singapore team's move to level 12", "testing the new visitor sign-in kiosk"],
        wins=["getting every new starter a working laptop on day one", "a smooth office move over a single weekend",
              "cutting purchase approvals from two weeks to three days", "fixing the video rooms everyone complained about"],
        about="Keeps the offices, tools and processes running so everyone else can do their best work.",
    ),
    "Finance": dict(
        weight=7, exec="Chief Financial Officer",
        directors=["Financial Controller", "Head of Planning and Analysis"],
        managers=["Finance Manager", "Payroll Manager"],
        ics=["Financial Analyst", "Accountant", "Payroll Specialist", "Accounts Payable Officer", "Revenue Analyst",
             "Tax Specialist"],
        areas=["Planning", "Accounting", "Payroll", "Revenue", "Tax"],
        skills=["Forecasting", "Excel", "Budgeting", "Financial modelling", "Audit", "Payroll", "Tax"],
        topics=["finance", "budgets", "expenses", "forecasting"],
        doing=["closing the month with the accounting team", "building next year's budget model with the department heads",
               "answering questions about the new expense policy", "reconciling the last of the conference invoices",
               "walking a manager through their cost centre report"],
        wins=["closing the books a day early for the third month running", "making the expense policy fit on one page",
              "a board pack that finally tells one clear story", "fixing the payroll glitch before anyone was paid late"],
        about="Keeps our money honest, our budgets realistic and our suppliers paid.",
    ),
    "People & Culture": dict(
        weight=7, exec="Chief People Officer",
        directors=["Head of Talent", "Head of Learning"],
        managers=["People Partner Lead", "Recruitment Manager", "People Systems Lead"],
        ics=["People Partner", "Recruiter", "Learning Designer", "People Systems Specialist", "Wellbeing Coordinator",
             "Talent Coordinator"],
        areas=["Talent Acquisition", "Learning", "People Partners", "Wellbeing", "People Systems"],
        skills=["Coaching", "Recruiting", "Facilitation", "Learning design", "Employment law", "Change management"],
        topics=["culture", "learning", "wellbeing", "hiring", "onboarding"],
        doing=["running the welcome session for eleven new starters", "redesigning the manager essentials course",
               "interviewing candidates for the data team", "collecting ideas for the next wellbeing week",
               "reading the engagement survey comments", "rewriting the parental leave guide"],
        wins=["hiring five engineers in a month without cutting corners", "a manager course people asked to repeat",
              "making parental leave simple to understand", "an onboarding week new starters keep talking about"],
        about="Looks after how we hire, grow, support and recognise each other.",
    ),
    "Legal": dict(
        weight=4, exec="General Counsel",
        directors=["Head of Legal", "Head of Privacy"],
        managers=["Legal Manager", "Compliance Manager"],
        ics=["Legal Counsel", "Privacy Analyst", "Contracts Manager", "Compliance Analyst", "Paralegal"],
        areas=["Commercial", "Privacy", "Compliance", "Contracts"],
        skills=["Contract review", "Privacy law", "GDPR", "Negotiation", "Risk assessment", "Compliance"],
        topics=["privacy", "legal", "compliance", "contracts"],
        doing=["reviewing a data processing agreement with a bank", "drafting plain-language privacy answers",
               "running the annual compliance refresher", "negotiating liability caps with a new supplier"],
        wins=["turning a forty-page contract around in a day", "privacy answers that settled questions before they were asked",
              "getting us through the audit with no findings"],
        about="Keeps us on the right side of the law and helps the business say yes safely.",
    ),
    "Executive Office": dict(
        weight=2, exec="Chief of Staff",
        directors=["Director of Strategy"],
        managers=["Internal Communications Manager", "Strategy Manager"],
        ics=["Executive Assistant", "Strategy Analyst", "Internal Communications Specialist", "Programme Manager"],
        areas=["Strategy", "Internal Communications", "Board Relations"],
        skills=["Strategy", "Writing", "Stakeholder management", "Planning", "Public speaking", "Facilitation"],
        topics=["strategy", "leadership", "town-hall", "purpose"],
        doing=["preparing questions for the next town hall", "turning the strategy offsite notes into one page",
               "collecting stories for the quarterly update", "setting the agenda for the leadership meeting"],
        wins=["a town hall where the questions were better than the slides", "the one-page strategy everybody can explain",
              "running the leadership offsite so smoothly nobody noticed the work behind it"],
        about="Supports the leadership team and keeps the strategy and the conversation joined up.",
    ),
}

GENERAL_SKILLS = ["Public speaking", "Mentoring", "Facilitation", "Writing", "Data analysis", "Project management",
                  "Spanish", "Mandarin", "French", "Japanese", "Coaching", "Design thinking"]

# Interests a profile lists; the first ten match interest groups below.
INTERESTS = ["running", "books", "photography", "board games", "parenting", "cycling", "cooking", "gardening",
             "music", "coffee", "hiking", "volunteering", "sustainability", "travel", "yoga", "chess", "film"]

BIO_LINES = [
    "I help teams turn messy problems into small next steps.", "Happiest when a customer problem becomes a simple fix.",
    "I write things down so nobody has to ask twice.", "Learning something new each week and sharing it here.",
    "I like clear goals, honest feedback and good coffee.", "Ask me about {skill}; I enjoy explaining it.",
    "Previously a teacher, which explains the whiteboard habit.", "Connector by nature: if I can't help, I know who can.",
    "Curious about how work could feel lighter.", "I came for the job and stayed for the people.",
    "Trying to make one thing a little better every day.", "Fan of short meetings and long walks.",
]
BIO_EXTRAS = [
    "Outside work: {interest}.", "Will swap {interest} tips for a coffee.", "Weekends are for {interest}.",
    "Based in {city}, often online early.", "Ask me about {interest}.", "",
]

# --- posts -------------------------------------------------------------------------

OPENERS = [
    "First coffee done.", "Good morning from {city}!", "{weekday} check-in.", "Small win before lunch.",
    "Checking in from the {city} office.", "Working from home today.", "Back from a walk around the block.",
    "Early start here.", "Thinking out loud on the train.", "Working out loud:", "Plan for this {weekday}:",
    "Quiet morning so far.", "Between meetings, a quick note.", "End-of-day note from {city}.",
]
UPDATE_FORMS = [
    "{opener} Today I'm {doing}{with_whom}. {after}",
    "{opener} On my plate this morning: {doing}. {after}",
    "Describing my day: {doing}, then {doing2}. {after}",
    "{opener} Spent the last hour {doing}. {learned}",
    "Heads-down day: {doing}{with_whom}. {after}",
    "Quick update from {city}: {doing}. {learned}",
    "This afternoon I'm {doing}{with_whom}. {after}",
    "Wrapping up the day after {doing}. {learned} Tomorrow: {doing2}.",
    "{opener} Three things today: {doing}, {doing2}, and a one-to-one I'm looking forward to.",
]
AFTERS = [
    "If you've done this before, I'd love a pointer.", "Happy to share the notes if they help anyone.",
    "I'll post what we learn.", "Anyone else wrestling with this?", "Door's open if you want to join in.",
    "More soon.", "Feedback welcome, especially the blunt kind.", "Grateful for a team that makes this easy.",
    "Ping me if this overlaps with your work.", "Slowly but surely.", "",
]
LEARNED = [
    "Lesson of the day: write the decision down before the meeting ends.", "Surprise of the day: the simplest option won.",
    "Asking early saved us a week.", "The best idea came from someone who joined two weeks ago.",
    "Note to self: ask the customer, not the spreadsheet.", "Turns out the data was right and my hunch was wrong.",
    "Small steps really do add up.", "Ten minutes of listening beat an hour of slides.",
    "Writing it down in the open brought help I didn't know was there.",
]
WEEKEND_FORMS = [
    "Weekend thought: {learned}", "Catching up on reading this weekend. {learned}",
    "A quiet {weekday} tidying my notes from the week. {after}",
]

QUESTION_LEADS = ["", "", "Quick one: ", "New here, so forgive the basic question: ", "Asking for my team: ",
                  "Before I reinvent the wheel: ", "Hoping someone knows this: "]
# (topic, department that knows the answer, question, answers)
HOWTO = [
    ("expenses", "Finance", "How do I claim a client dinner that went over the meal limit?",
     ["Submit it as usual and add a one-line reason; your manager approves the difference.",
      "Tick the exception box on the expense form and attach the receipt. It goes to your manager, not Finance."]),
    ("it-help", "Operations", "What's the fastest way to get a replacement laptop charger?",
     ["The IT desk on level 3 keeps spares; bring your old one and swap it.", "Raise a ticket marked 'hardware'; they usually deliver the next morning."]),
    ("onboarding", "People & Culture", "Where do new starters find their first-week checklist?",
     ["It's pinned in the People & Culture group, and your manager gets a copy too.", "Your welcome email links to it; ask your buddy if it went missing."]),
    ("devops", "Engineering", "How do I get read-only access to the production logs?",
     ["Request the 'logs-reader' role in the access portal; your manager approves it.", "Ask in the Platform channel, they grant it within the day once your manager agrees."]),
    ("security", "Engineering", "Who do I tell if I clicked a link in a suspicious email?",
     ["Report it straight away with the phishing button in your mail client, then tell the security team. No blame, speed matters.",
      "The security team would rather hear ten false alarms than miss one. Forward the email and change your password."]),
    ("privacy", "Legal", "Can we store customer names in the analytics tool?",
     ["Not without a privacy review. Use the customer id instead and we can talk about the rest.", "Short answer: avoid it. Send me the use case and we'll find a safe way."]),
    ("contracts", "Legal", "What's the quickest way to get an NDA signed?",
     ["Use the standard template in the contracts library; if they accept it unchanged, you can sign it yourself.",
      "Send the other side our template first. Edits are what slow things down."]),
    ("workplace", "Operations", "How do I book a desk in the Sydney office for a visiting colleague?",
     ["The booking app has a 'guest' option; book it in their name.", "Ask the workplace team at reception, they hold a few desks for visitors."]),
    ("learning", "People & Culture", "Is there a budget for conference tickets, and who approves it?",
     ["Each person has a yearly learning budget; your manager approves, People & Culture reimburses.", "Yes, and ask for the early-bird price. Share what you learn afterwards and it's an easy yes."]),
    ("hiring", "People & Culture", "How do I refer a friend for an open role?",
     ["Use the referral form on the careers page and add a sentence on why they'd be great.", "Send their CV to the recruiter for the role; there's a referral bonus if they join."]),
    ("wellbeing", "People & Culture", "Do we have a counselling service, and is it confidential?",
     ["Yes, the assistance programme is free and fully confidential. Nobody here sees who uses it.", "It's confidential and also covers your family. The number is on the wellbeing page."]),
    ("travel", "Operations", "Which booking tool do we use for trips to Singapore?",
     ["Everything goes through the travel portal so we can reach you if plans change.", "Use the travel portal; for trains and short hops, book direct and expense it."]),
    ("customers", "Customer Success", "Is there a list of reference customers willing to take a call?",
     ["Customer Success keeps one; ask the account's success manager before you reach out.", "Yes, but please ask first: we protect their time so they stay willing."]),
    ("sales", "Sales", "Where is the latest pricing deck kept?",
     ["In the Sales group files, pinned at the top. Older copies have the wrong discounts.", "Pinned in the Sales team group. Check the date on the first slide."]),
    ("product", "Product", "How do customers request a feature, and where do those requests go?",
     ["Log it in the feedback board with the customer's name; Product reviews it every fortnight.", "Feedback board, please, and add how much it matters to them. The votes really are read."]),
    ("design", "Marketing", "Where can I find the logo files and the colour palette?",
     ["The brand kit page has everything, including the dark-background versions.", "Brand kit, in the Marketing group. Please don't stretch the logo!"]),
    ("testing", "Engineering", "How do I run the end-to-end tests on my own machine?",
     ["There's a make target for it; the readme in the test folder has the two setup steps.", "Run the setup script once, then the test command. Ask in the Python Guild if it fights you."]),
    ("code-review", "Engineering", "What's a reasonable size for a pull request here?",
     ["If a reviewer can't read it in twenty minutes, split it.", "A few hundred lines at most. Smaller reviews get better feedback."]),
    ("remote-work", "People & Culture", "Can I work from another country for two weeks?",
     ["Usually yes, with your manager's agreement and a quick tax check. The form is on the People page.", "Two weeks is normally fine. Tell your manager and your people partner before you book."]),
    ("budgets", "Finance", "How do I check how much is left in my team's budget?",
     ["Your cost centre report shows it; Finance can give you access.", "Ask your finance partner for a walkthrough, it takes fifteen minutes and then you can do it yourself."]),
    ("accessibility", "Product", "Who can review a page for screen-reader accessibility?",
     ["The design system team does reviews on Thursdays; book a slot.", "Post it in Accessibility Practitioners, someone usually picks it up the same day."]),
    ("events", "Marketing", "How do I order catering for a team event?",
     ["Workplace has a list of approved caterers; order at least three days ahead.", "Use the catering form, and add dietary needs. It goes on your team's cost centre."]),
    ("support", "Customer Success", "How do I escalate a customer ticket to engineering?",
     ["Tag it 'escalation' with the steps to reproduce; the on-call engineer picks it up.", "Follow the escalation guide in the knowledge base. Good reproduction steps halve the wait."]),
    ("compliance", "Legal", "Which training modules are mandatory this year?",
     ["Security, privacy and the code of conduct. The learning portal shows what you still owe.", "Three of them, about an hour in total. Your dashboard shows the due dates."]),
    ("working-out-loud", "People & Culture", "How do I set up my profile so people know what I can help with?",
     ["Add your skills and one line on what you're working on. People search by skill more than by title.", "Fill in skills and interests; that's what 'who can help me' uses."]),
    ("strategy", "Executive Office", "Where can I read this year's strategy on one page?",
     ["It's pinned in the Executive Office group, with a recording of the town hall.", "The one-pager is on the intranet front page. Questions welcome in the strategy thread."]),
    ("data", "Engineering", "Who owns the customer churn dashboard?",
     ["The Data Platform team; the owner is listed at the bottom of the dashboard.", "Data Platform maintains it. Check the definitions tab before quoting numbers."]),
    ("marketing", "Marketing", "How do I get a blog post reviewed before it goes on the website?",
     ["Send the draft to the content team with your deadline; they turn it around in a few days.", "Content team. Write it like you'd explain it to a friend, they'll help with the rest."]),
]
# (topic, question, answers)
OPEN_QUESTIONS = [
    ("learning", "What's one podcast that made you better at your job?",
     ["A show about negotiation. It changed how I run renewals.", "Anything where people explain their mistakes honestly.",
      "I prefer audiobooks, but a weekly design podcast keeps me curious."]),
    ("remote-work", "What's your trick for keeping video calls to thirty minutes?",
     ["Agenda in the invite, and the decision we need written at the top.", "I book 25 minutes and say the end time out loud at the start.",
      "Cameras optional, notes mandatory. We finish early most weeks."]),
    ("working-out-loud", "What's one thing you learned this week that others should know?",
     ["Asking 'what would make this easier?' gets better answers than 'any questions?'.", "The expense tool has a mobile app. Life-changing.",
      "A two-line summary at the top of a document gets it read."]),
    ("culture", "How does your team celebrate small wins?",
     ["A 'wins' thread every Friday, no win too small.", "Whoever closes the week's trickiest ticket picks the lunch spot.",
      "We ring a very silly bell. It works."]),
    ("customers", "What's the best question a customer asked you recently?",
     ["'What would you do if you were us?' Humbling and useful.", "'Which feature do you wish we used?' We had no good answer yet.",
      "'Who else should I talk to here?' It made me realise how siloed we look."]),
    ("ideas", "If you could remove one step from any process here, which one would it be?",
     ["The second approval on small purchases.", "Printing and scanning contracts, please!", "Status meetings that could be a post."]),
    ("leadership", "What do you wish leaders asked you more often?",
     ["'What's getting in your way?' and then actually removing it.", "'What would you stop doing?'", "How customers react to what we ship."]),
    ("wellbeing", "How do you switch off at the end of a busy day?",
     ["A walk without my phone, even ten minutes.", "I write tomorrow's first task down, then close the laptop.", "Cooking. Chopping onions is very calming."]),
    ("meetings", "What's the most useful recurring meeting you have, and why does it work?",
     ["Our Monday fifteen minutes: blockers only, no status.", "A monthly hour with Support. We hear what customers really say.",
      "One-to-ones, when they're about the person and not the project."]),
    ("feedback", "How do you ask for feedback so that people actually give it?",
     ["Ask one specific question instead of 'any feedback?'.", "Say what you'd change yourself first; it makes it safe to add more.",
      "Ask right after the moment, not at review time."]),
]

PRAISE_FORMS = [
    "Huge thanks to {people} for {win}. {impact}",
    "I want to recognise {people} for {win}. {impact}",
    "Credit where it's due: thank you {people} for {win}. {personal}",
    "A big thank you to {people} for {win}. {personal}",
    "Shout-out to {people}, who deserve the spotlight for {win}. {impact}",
    "Recognising {people} today for {win}. {impact} {personal}",
]
PRAISE_GROUP_FORMS = [
    "Hats off to everyone in {group} for {win}. {impact}",
    "Recognition for everyone in {group}: thank you for {win}. {personal}",
]
IMPACTS = [
    "It saved the team a week of rework.", "Customers noticed straight away.", "This is the work that makes this place better.",
    "It made my week a great deal easier.", "The whole department benefits from this.", "Quietly brilliant, as usual.",
    "This deserves more than an emoji.", "Three teams are already using it.",
]
PERSONAL = [
    "You made it look easy; I know it wasn't.", "I learned a lot just watching how you handled it.",
    "Thank you for doing it with so much care.", "Next coffee is on me.", "Please keep doing exactly this.",
]

IDEAS = [
    ("meetings", "make Wednesday afternoons free of meetings"), ("onboarding", "give every new starter a buddy from another department"),
    ("sustainability", "replace printed handouts at town halls with one QR code"), ("learning", "run a monthly lunch where one team shows how they work"),
    ("customers", "let every engineer listen in on one support call a month"), ("recognition", "end each all-hands with three shout-outs nominated by anyone"),
    ("remote-work", "post every meeting's notes in the team group instead of email"), ("wellbeing", "set the default meeting length to 25 minutes"),
    ("ideas", "keep a public list of the ideas we said no to, with the reasons"), ("strategy", "ask each team to write one sentence on how their work serves the strategy"),
    ("working-out-loud", "start a weekly 'what I learned' thread"), ("process", "let anyone approve purchases under two hundred dollars"),
    ("customers", "invite a customer to speak at every quarterly town hall"), ("culture", "pair people across offices for a monthly coffee"),
    ("sustainability", "make the train the default option in the travel tool"), ("learning", "give everyone two hours a month to teach or learn outside their role"),
]
IDEA_FORMS = [
    "Idea: what if we {idea}? {why} {ask}", "Half-formed idea, looking for holes: we could {idea}. {why} {ask}",
    "I keep coming back to this: let's {idea}. {why} {ask}", "Proposal for next quarter: {idea}. {why} {ask}",
]
WHYS = [
    "It would cost almost nothing to try for a month.", "Three teams have told me about the same pain.",
    "Other places I've worked saw real results from it.", "It fits what we keep saying about being open.",
    "We'd find out quickly whether it works.", "It came up in the last engagement survey more than once.",
]
ASKS = ["Who wants to help me test it?", "What am I missing?", "Would your team join a small pilot?",
        "Tell me why this wouldn't work.", "Happy to own it if there's interest.", "Vote with a reaction?"]

ARTICLE_SUBJECTS = [
    ("working-out-loud", "working out loud"), ("customers", "listening to customers"), ("remote-work", "leading a team across three time zones"),
    ("incidents", "our last major incident"), ("onboarding", "the first ninety days"), ("leadership", "becoming a first-time manager"),
    ("learning", "learning in public"), ("strategy", "connecting daily work to the strategy"), ("accessibility", "designing for everyone"),
    ("sustainability", "cutting our travel footprint"), ("feedback", "asking for feedback"), ("meetings", "fewer, better meetings"),
]
ARTICLE_TITLES = ["What I learned from {subject}", "Five lessons on {subject}", "Notes on {subject}, one year in",
                  "Why {subject} matters more than we think", "A practical guide to {subject}", "{Subject}: what worked and what didn't"]
ARTICLE_INTROS = [
    "A few people asked me to write up how we approached {subject}, so here it is: the honest version, mistakes included.",
    "When we started on {subject}, I assumed it would take a month. It took most of a year, and it changed how I work.",
    "This is a long one. It's what I wish someone had told me before I started on {subject}.",
    "I've been collecting notes on {subject} for a while. Putting them here so they're useful to someone other than me.",
]
ARTICLE_POINTS = [
    "Start smaller than feels comfortable.", "Write decisions down where everyone can find them.", "Ask the people closest to the work first.",
    "Share early drafts; the feedback is better before anything is final.", "Measure one thing and look at it every week.",
    "Make it easy to say no, so a yes means something.", "Celebrate the boring wins, not only the big launches.",
    "Invite the sceptics in early.", "Keep a running list of what surprised you.",
]
ARTICLE_MIDDLES = [
    "The turning point was a conversation in the kitchen, not a meeting. Someone from another team had solved half our problem already and had never been asked.",
    "We measured too many things at first. Once we picked a single number and reviewed it every Friday, the discussions got shorter and the decisions got better.",
    "What surprised me most was how much goodwill there is when you ask for help in the open. People want to be useful; they just need to know where.",
    "Not everything worked. Our first attempt was too polished, and nobody felt they could push back on it. The rough second version got ten times the response.",
]
ARTICLE_REGRETS = [
    "I'd bring customers in from day one. We spent weeks debating things a single call would have settled.",
    "I'd share progress every week, even when it felt like there was nothing to show.",
    "I'd spend less time on the plan and more time on the first small experiment.",
]
ARTICLE_ENDINGS = [
    "If you're starting something similar, I'm happy to talk it through. Reply here or grab me for a coffee.",
    "I'd love to hear how other teams handle this. What did I miss?", "Thanks to everyone who helped, especially the people who told me I was wrong.",
]

REPLIES = {
    "update": ["Good luck with it, shout if you need another pair of eyes.", "Really useful context, thanks for sharing.",
               "We ran into the same thing last month. Happy to compare notes.", "Love seeing this in the open.",
               "Following along, keen to hear how it goes.", "Nice! Will you post the outcome?", "I can help on Thursday if you need it.",
               "Interesting. What made you go that way?", "Sharing this with my team.", "Thanks, that answers a question I was about to ask."],
    "praise": ["Well deserved!", "Couldn't agree more, a pleasure to work with.", "Seconded, and thank you from our side too.",
               "This made my morning. Congratulations!", "So well earned.", "Brilliant work."],
    "idea": ["+1, I'd join a pilot.", "I like it. The risk I see is getting everyone to stick with it.", "We tried a version of this last year; happy to share what happened.",
             "Could we start with one team and measure it?", "Yes please. How can I help?", "Not sure it works for shift teams. Can we find a variant?"],
    "article": ["Thoughtful piece, thank you.", "The second lesson hit home for me.", "Sharing this in Monday's retro.",
                "Would love a follow-up on what happened next.", "This is the kind of writing I come here for.", "Saving this one."],
    "question": ["Good question, I'd like to know too.", "I asked the same thing last month; the answer surprised me.",
                 "Not sure, but the people in the relevant group will know.", "From memory there's a page on this on the intranet."],
}
AGREE = ["+1 to the above.", "Seconding this, it worked for me too.", "Same here, and it was quick.", "What they said!",
         "Great thread, saving it.", "Adding my vote to this answer."]
ANSWER_EXTRAS = ["Try asking @{expert}, they set it up.", "@{expert} knows this better than anyone.", "", "", "Hope that helps!"]
THANKS = ["Thanks everyone, sorted!", "That worked, thank you!", "Perfect, exactly what I needed.",
          "Thanks! I've updated the page so the next person finds it faster.", "Much appreciated, all done."]

CEO_FIRST_POST = (
    "Hello everyone. I'll be honest: posting here doesn't come naturally to me yet, so I'm practising in the open. "
    "This week I spent a morning with our support team and came away with two pages of notes about what slows "
    "us down when a customer needs help. I'd like to hear what gets in your way too. Reply here, or find me for "
    "a coffee. #working-out-loud #customers"
)

# --- groups --------------------------------------------------------------------------

TEAM_GROUP_FORMS = ["{dept}", "{dept} Team"]
TEAM_SUFFIXES = ["Team", "Squad", "Crew", "Pod"]

COMMUNITIES = [
    dict(name="Python Guild", topic="python", skill="Python", about="Everyone who writes Python here, from scripts to services. Questions of any size welcome.",
         lines=["Sharing a small trick: dataclasses with slots made our hot path noticeably lighter.", "Who's up for a lunchtime session on type hints next week?",
                "Reminder that the style guide is a living document; suggest changes in the thread."]),
    dict(name="Security Champions", topic="security", skill="Security", about="One champion per team, keeping security practical and close to the work.",
         lines=["This month's phishing test results are in: better than last time, still room to grow.", "Added a checklist for reviewing third-party libraries.",
                "Short video on spotting fake login pages, four minutes, worth it."]),
    dict(name="Research & Design Practice", topic="user-research", skill="User research", about="Designers, researchers and anyone curious about the people who use what we make.",
         lines=["Interview recordings from the onboarding study are up, with notes.", "Looking for volunteers to try a prototype, fifteen minutes.",
                "Reading list for anyone new to research, short and practical."]),
    dict(name="Data & Analytics Community", topic="data", skill="Data analysis", about="For people who wrangle numbers: dashboards, definitions and honest charts.",
         lines=["We finally agreed on one definition of an active customer. Details inside.", "Office hours on Thursday for anyone stuck on a query.",
                "A chart that lies and the same chart that doesn't, side by side."]),
    dict(name="Working Out Loud Circle", topic="working-out-loud", skill="Writing", about="Practising small habits of sharing our work in the open, a few minutes a day.",
         lines=["This week's prompt: describe one moment of your day and who you met.", "Week three of our circle: my network already looks different.",
                "Try this: recognise one person's work before Friday."]),
    dict(name="New Managers Community", topic="leadership", skill="Coaching", about="A safe place for people in their first years of managing others.",
         lines=["How do you run a first one-to-one with someone who just joined?", "Notes from our session on giving feedback that lands.",
                "Monthly meetup next Tuesday: delegation without disappearing."]),
    dict(name="Agile Ways of Working", topic="agile", skill="Project management", about="Retros, planning, kanban boards and whatever helps teams deliver calmly.",
         lines=["Trying a silent retro format this sprint, will report back.", "Our board now has a 'waiting on someone' column. Game changer.",
                "Template for a one-page team charter, borrow freely."]),
    dict(name="Writing Well at Work", topic="writing", skill="Writing", about="Clear emails, readable documents, posts people finish reading.",
         lines=["Before and after: a status update cut from 400 words to 90.", "The one-sentence summary at the top is doing all the work.",
                "Weekly challenge: rewrite a paragraph without a single acronym."]),
    dict(name="Customer Voice Exchange", topic="customers", skill="Customer empathy", about="Stories, quotes and patterns from the people we serve, shared across teams.",
         lines=["Quote of the week from a customer call, shared with permission.", "Three themes from this month's feedback, summarised.",
                "Want to sit in on a customer call? Sign-up sheet inside."]),
    dict(name="Public Speaking Practice", topic="public-speaking", skill="Public speaking", about="Practise talks in a friendly room before the big one.",
         lines=["Open mic on Friday: five-minute talks, kind feedback only.", "Tip: record yourself once. Painful, and very useful.",
                "Who's presenting at the next town hall? Rehearse with us."]),
    dict(name="Accessibility Practitioners", topic="accessibility", skill="Accessibility", about="Making what we build usable by everyone, whatever their abilities.",
         lines=["Keyboard-only testing challenge this week, who's in?", "Why colour contrast matters more than we think, with examples.",
                "We fixed twelve screen-reader issues in the settings page."]),
    dict(name="Project Managers Network", topic="project-management", skill="Project management", about="Plans, risks, dependencies and the people who keep them honest.",
         lines=["Sharing our risk register template.", "How do you report a slipping project without drama?", "Lunch and learn on estimation next week."]),
]
INTEREST_GROUPS = [
    dict(name="Running Club", topic="running", interest="running", about="Easy runs, training plans and race-day cheering. All paces.",
         lines=["Easy 5 km loop at lunch on {weekday}, meeting at reception.", "Who's signing up for the city half marathon? Let's train together.",
                "New personal best this morning, and I only got lost once."]),
    dict(name="Book Club", topic="books", interest="books", about="One book a month, one lunchtime chat, no pressure to finish.",
         lines=["This month's pick is a novel about a lighthouse keeper. Chat on the last {weekday}.", "Vote for next month's book in the thread.",
                "Not finished the book? Come anyway, the discussion is half the fun."]),
    dict(name="Photography Walks", topic="photography", interest="photography", about="Walks with cameras and phones, and the pictures that come out of them.",
         lines=["Golden hour walk along the waterfront this {weekday}.", "Theme of the month: reflections.", "Sharing my favourite shot from the weekend."]),
    dict(name="Board Games Night", topic="board-games", interest="board games", about="Cards, dice and friendly rivalry after work.",
         lines=["Games night on {weekday}, pizza ordered for eight.", "New co-op game in the cupboard, looking for brave testers.",
                "Rematch requested. You know who you are."]),
    dict(name="Parents & Carers", topic="parenting", interest="parenting", about="Swapping advice, support and the occasional story about sleep.",
         lines=["School holiday tips, anyone?", "Reminder: the family room on level 2 is free all week.", "What helped you most in your first week back after leave?"]),
    dict(name="Cycling Commuters", topic="cycling", interest="cycling", about="Routes, repairs and bike parking for people who ride to work.",
         lines=["New protected lane open on the east route.", "Bike maintenance session on {weekday} morning, bring your tyre levers.",
                "Rainy ride today. Spare towels are in the shower room."]),
    dict(name="Kitchen Table", topic="cooking", interest="cooking", about="Recipes, lunchbox ideas and the occasional cook-off.",
         lines=["Batch-cooking ideas for busy weeks, please.", "Cook-off results are in, and the dumplings won.", "Sharing my grandmother's soup recipe."]),
    dict(name="Gardeners' Corner", topic="gardening", interest="gardening", about="Balconies, allotments and office plants that need rescuing.",
         lines=["Seedling swap on {weekday} in the courtyard.", "Who can rescue the fern by the lifts?", "Tomato harvest update: too many tomatoes."]),
    dict(name="Music Makers", topic="music", interest="music", about="Players, singers and listeners. Jam sessions and playlists.",
         lines=["Jam session after work on {weekday}, keyboard provided.", "Collaborative focus playlist, add a track.", "Anyone keen to form a band for the end-of-year party?"]),
    dict(name="Coffee Roulette", topic="coffee", interest="coffee", about="Opt in and get paired for a coffee with someone new, no agenda.",
         lines=["This week's pairs are out. Go meet someone new!", "Had a great coffee with someone from Legal, learned a lot.",
                "Tip: ask what they're working on that nobody knows about."]),
]
CAUSE_GROUPS = [
    dict(name="Green Team", topic="sustainability", about="Reducing our footprint at work: waste, travel and energy.",
         lines=["Compost bins arrive on level 4 on {weekday}.", "Our travel emissions dropped this quarter, thanks to everyone who took the train.",
                "Volunteers wanted for the e-waste drive."]),
    dict(name="Volunteering Crew", topic="volunteering", about="Giving time to local causes, together and on company time.",
         lines=["Food bank shift on {weekday}, six spots left.", "Thank you to everyone who mentored at the coding club.", "Tree planting day photos are up."]),
    dict(name="Mental Health Allies", topic="wellbeing", about="Trained allies and anyone who wants a kinder, more open workplace.",
         lines=["It's fine not to be fine. Allies are listed in the group description.", "Lunchtime walk-and-talk on {weekday}.",
                "Resources for supporting a colleague who is struggling."]),
    dict(name="Pride Network", topic="inclusion", about="LGBTQ+ colleagues and allies building an inclusive workplace.",
         lines=["Planning for the parade has started, join the thread.", "Our panel on allyship is now recorded.", "Pronoun badges are at reception."]),
    dict(name="Women in Leadership", topic="inclusion", about="Mentoring, sponsorship and stories from women leading at every level.",
         lines=["Mentoring circle sign-ups are open.", "Recording from last week's fireside chat is up.", "What advice would you give your younger self?"]),
]
SECRET_GROUPS = [
    dict(name="Project Lighthouse", topic="strategy", about="Planning a confidential partnership. Members only, please keep it here.",
         lines=["Draft term sheet is in the files.", "Next step: a workshop with their product team.", "Reminder: nothing about this outside the group."]),
    dict(name="Leadership Offsite Planning", topic="leadership", about="Agenda, logistics and pre-reading for the leadership offsite.",
         lines=["Venue confirmed.", "Please add your top three topics to the agenda doc.", "Pre-reading is in the files; thirty minutes at most."]),
]
GROUP_QUESTION_FORMS = ["Question for everyone in {group}: {question}", "{question} Curious what this group thinks."]
GROUP_REPLIES = ["Count me in!", "I'll be there.", "Thanks for organising this.", "Love this group.", "Great idea, see you there.",
                 "Can't make this one, but keep me posted.", "Bringing a friend from my team, hope that's fine.", "Yes please!"]
