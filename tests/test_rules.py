"""Every rule fires on its flagged examples and stays quiet on its fine ones; the context
component clears negated, asked, disclaimed, attributed and substantiated claims."""

from __future__ import annotations

import pytest

from linter.claimset import load_rulebook

BOOK = load_rulebook()
SCCM_OK = ("Made with 5% conditioned media from human umbilical cord stem cells, "
           "from screened donors aged 20-35.")


def examples(kind: str):
    for rule in BOOK.rules:
        for text in (rule.examples_bad if kind == "bad" else rule.examples_good):
            yield pytest.param(rule, text, id=f"{rule.code}:{text[:40]}")


def lint(linter, eu_linter, rule, text):
    engine = eu_linter if rule.markets else linter
    return engine.lint_text(text, "example.txt")


@pytest.mark.parametrize("rule, text", list(examples("bad")))
def test_rule_fires_on_its_flagged_examples(linter, eu_linter, rule, text):
    assert rule.code in [f.code for f in lint(linter, eu_linter, rule, text)]


@pytest.mark.parametrize("rule, text", list(examples("good")))
def test_rule_is_quiet_on_its_fine_examples(linter, eu_linter, rule, text):
    assert rule.code not in [f.code for f in lint(linter, eu_linter, rule, text)]


def test_every_rule_has_examples_both_ways():
    for rule in BOOK.rules:
        assert rule.examples_bad and rule.examples_good, rule.code


def found(linter, text: str) -> list[tuple[str, str]]:
    return [(f.code, f.text) for f in linter.lint_text(text, "copy.txt")]


@pytest.mark.parametrize("text, code", [
    # inflections, adverbs in between, passive voice, idioms
    ("Our cream quickly and visibly heals stubborn eczema.", "SCM201"),
    ("Damaged skin cells are repaired overnight.", "SCM201"),
    ("It kick-starts collagen production.", "SCM201"),
    ("Wrinkles are erased for good.", "SCM204"),
    ("This serum turns back the clock.", "SCM204"),
    ("Your skin will grow new stem cells.", "SCM207"),
    ("Replenishes your skin's own stem cells.", "SCM207"),
    ("Every drop contains living stem cells.", "SCM202"),
    ("Approved by the FDA for daily use.", "SCM203"),
    ("Clinically proven to firm skin.", "SCM205"),
    ("Experts agree that stem cell loss is the cause of aging.", "SCM206"),
    ("It is 100% safe with zero side effects.", "SCM208"),
    ("Apple stem cells that work just like human stem cells.", "SCM209"),
    # a claim in a testimonial is the brand's claim
    ('"It healed my rosacea in a week!" - Dana, 34', "SCM201"),
    # a question answered yes is a claim
    ("Will it erase my wrinkles? Absolutely!", "SCM204"),
    # a negation in one clause does not clear a claim in the next
    ("It has no parabens and heals eczema.", "SCM201"),
    ("It isn't greasy, but it cures acne.", "SCM201"),
    ("It literally woke up my stem cells.", "SCM201"),
    ("Your stem cells go quiet, and this serum switches them back on.", "SCM201"),
    # a rhetorical question asserts
    ("Did you know your skin ages because its stem cells run out?", "SCM206"),
    # a denied hedge is no hedge
    ("It's no longer a theory: stem cell loss is the root cause of wrinkles.", "SCM206"),
    ("The science is settled.", "SCM206"),
    ("Results verified by dermatologists.", "SCM205"),
    ("Our lab results speak for themselves.", "SCM205"),
    # the hypothesis stated as settled in the many ways copy puts it
    ("Make no mistake, every line on your face is a record of stem cells that stopped "
     "signalling.", "SCM206"),
    ("Fewer stem cells = more wrinkles.", "SCM206"),
    ("A landmark study proves the stem cell theory of aging.", "SCM206"),
    ("When growth factor levels fall, skin ages. Period.", "SCM206"),
    ("Aging is nothing but the slow exhaustion of your skin's stem cells.", "SCM206"),
    # a disease that clears up, a metaphor, a passive rebuilt scar
    ('"My psoriasis cleared up in two weeks." - Karen, 52', "SCM201"),
    ("Eczema flare-ups: over.", "SCM201"),
    ("The pitted scars have literally been rebuilt from the inside out.", "SCM201"),
    ("Wrinkles erased instantly after one application.", "SCM204"),
    ("Once they're gone, they stay gone.", "SCM204"),
    ("Recommended by the FDA for aging skin.", "SCM203"),
    ("Approved by Swissmedic.", "SCM203"),
    # said of a plant, a claim about the skin's stem cells is the conflation
    ("Our argan stem cells recharge your skin's own stem cells.", "SCM209"),
    ("Your skin's stem cells are shielded by marine plant stem cells.", "SCM209"),
    ("Lilac cells give a boost to your skin's own stem cells.", "SCM209"),
    # a negated verb of saying does not reach a new subject
    ("We never promise results, and it heals eczema.", "SCM201"),
    # a quoted claim with no word about wording is still said
    ('Our serum is "clinically proven" to work.', "SCM205"),
    # a denied statement ends where a new subject starts; a spaced hyphen is a dash
    ("While we would never claim that a serum can stop time, Ondine reverses the signs of "
     "ageing permanently.", "SCM204"),
    ("Never worry about side effects again - Velvra is 100% safe for every skin.", "SCM208"),
    ("Like, the grape stem cells top up the stem cells your skin has lost.", "SCM209"),
    # a fragment asked and answered at once is one statement
    ("Her rosacea? Healed in 3 weeks.", "SCM201"),
    ("Every wrinkle you see is a stem cell you've lost.", "SCM206"),
    ("Visible results in 7 days. Guaranteed.", "SCM204"),
    ("Scientifically validated to reverse photoaging.", "SCM204"),
    ("Okay, I'm literally putting stem cells on my face right now.", "SCM202"),
    ("A facelift in a bottle.", "SCM201"),
    ("One 8-week course and the results last a lifetime.", "SCM204"),
    # proof by results, and a disease word a few words before its verb
    ("Over 12,000 five-star reviews prove it works.", "SCM205"),
    ("The before-and-after photos are all the proof anyone needs.", "SCM205"),
    ("The eczema patches on my neck healed within a fortnight.", "SCM201"),
    # "the hype is real" endorses: it attributes nothing
    ("okay the hype is real, it honestly woke up my skin's own stem cells", "SCM201"),
    # results that outlast the product, a glow kept for life, pores gone at once
    ("Stop using it and the results stay.", "SCM204"),
    ("Skin looks smoother, and the results stay even after you stop using it.", "SCM204"),
    ("One facial = a glow you keep for life.", "SCM204"),
    ("Pores instantly disappear.", "SCM204"),
    ("Reverses 20 years of aging in just 30 days.", "SCM204"),
    ("Zero irritation, ever.", "SCM208"),
    ("We bring the same technology used in approved regenerative medicines to your routine.",
     "SCM203"),
    # paraphrase and translated copy
    ("My skin is making new cells again.", "SCM201"),
    ("Thickens thin, fragile skin from the inside out.", "SCM201"),
    ("After 2 bottles new hair grow on my bald spot!!", "SCM201"),
    ("Awake the sleeping stem cell of your skin to work again", "SCM201"),
    ("【COLLAGEN BOOSTER】Stimulates collagen production deep in dermis layer.", "SCM201"),
    ("Our exosome is approved by the Provincial Health Commission.", "SCM203"),
    ("Results instant, you see the glow after 1 session", "SCM204"),
    ("- Wrinkle improvement effect 100%", "SCM204"),
    ("my friend ask me if I did botox 😂 my wrinkle is totally gone", "SCM204"),
    ("Skin becomes 10 years younger from the first using.", "SCM204"),
    ("Scroll through our before-and-after gallery. The proof is in the results.", "SCM205"),
    # a chat question answered yes on the next line is asked to be answered: a claim
    ("[00:03:24] COMMENT (mei.mei_88): can it cure rosacea?? my cheek always red\n"
     "[00:03:29] DARA: Yes!", "SCM201"),
    # a feature list's caps labels are no chat: "CLEAN FORMULA: No ..." answers nothing
    ("PERMANENT RESULTS: Lines stay smoothed for good.\nCLEAN FORMULA: No parabens.",
     "SCM204"),
    # the skin a result promises, named as the result; a plant that takes their place;
    # results the reader will see are promised, not reported from others
    ("It gives you instant baby-soft skin.", "SCM204"),
    ("Guaranteed glass skin in seven days.", "SCM204"),
    ("Swiss apple stem cells take the place of the stem cells your skin loses with age.",
     "SCM209"),
    ("Apply it once and you'll see results that last forever.", "SCM204"),
    ("Instant radiance from the very first drop.", "SCM204"),
    # one quoted phrase is no list; a testimonial is the brand's claim
    ('Our customers call it "the serum that heals eczema" and we agree.', "SCM201"),
    # ... but a comparison chart's marks reject nothing: "✘" says another product lacks it
    ("| | Ours | Brand X |\n|---|---|---|\n| Contains living stem cells | ✔ | ✘ |", "SCM202"),
    ("ID | Proposed wording | Status\n---+---+---\nC-7 | Repairs damaged skin cells | APPROVED",
     "SCM201"),
])
def test_asserted_claims_are_found(linter, text, code):
    assert code in [c for c, _ in found(linter, text)], found(linter, text)


@pytest.mark.parametrize("text", [
    # a free relative names a topic: it proves nothing
    "## What the research shows\n\nThe trial enrolled 40 women for 12 weeks.",
    "You may see adverts suggesting plant stem cells wake up your skin's own stem cells.",
    "Most published work on stem cell conditioned media comes from cell-culture studies.",
    "Clinics whose websites promoted exosome and stem cell products as treatments for disease.",
    "No promise of instant, permanent or guaranteed results.",
    "No claim that it changes how skin works (collagen production, cell repair and the like).",
    "## Living cells? No.\n\nConditioned media are cell-free.",
    "## 1. Claims about living cells\n\nOur serum is cell-free.",
    "INSTANT GLOW MASK\nA clay mask. Skin looks brighter after rinsing.",
    # phrases listed in quotes, a lettered list that a denial introduces, a quote rejected
    'DO NOT SAY:\nx "it heals" / "it treats" / "it fixes" (any skin condition)',
    'We will not use these lines:\n(a) "Reactivates dormant stem cells"\n'
    '(b) "Clinically proven firming"',
    '"Results that last forever" - delete.',
    # a quotation a label gives to a brand; what copy or a seller in general says
    'Brand B: "FDA-approved stem cell technology, clinically proven to reverse ageing."',
    "Once the copy says a product treats a disease, the agency reads it as a drug.",
    'Anyone selling "live stem cells" in a bottle is describing something impossible.',
    # wording a table rejects, by its column's header or its row's status
    "| Say this | Not this |\n|---|---|\n| Smooths the look of lines | Erases wrinkles |",
    "ID | Proposed wording | Status\n---+---+---\nC-2 | \"Heals acne scars\" | REJECTED",
    "This serum does not contain live stem cells.",
    "Contains no living cells: conditioned media are cell-free.",
    "It is not a drug and does not treat, cure or heal any disease.",
    "Can it cure acne? No.",
    "Does it contain live cells? No, never.",
    "This product is not intended to diagnose, treat, cure or prevent any disease.",
    "These statements have not been evaluated by the Food and Drug Administration.",
    "Some brands claim their creams heal eczema; we never will.",
    "May help improve the look of fine lines.",
    "Reduces the appearance of wrinkles and redness.",
    "Results are not permanent.",
    "A decline in skin stem cells is thought to be one of the causes of aging.",
    "Free of parabens, sulfates and live cells.",
    "In a 28-day randomized, double-blind study of 40 women, it was clinically proven to "
    "improve hydration.",
    "With Malus Domestica Fruit Cell Culture Extract, an antioxidant.",
    "Growth factors secreted by stem cells grown in our lab.",
    "Does your skin age because its stem cells run out? Nobody knows yet.",
    # a reported theory is not the brand's claim
    "One theory of skin aging holds that stem cells lose their ability to renew the "
    "epidermis.",
    "Our serum is built on human fibroblast conditioned media.",
    'Myth 2: "Losing stem cells is the single cause of aging." It is one theory among many.',
    "Free, guaranteed delivery on every order.",
    "Miracle Balm is a rich shea balm for dry hands.",
    # what the body does by itself is not a claim about the product
    "In the body, fibroblasts produce collagen and elastin.",
    "Avoid sun exposure while your skin heals.",
    "Try the Forever Young Rose Oil or the Miracle Repair Night Mask.",
    "Please don't describe it as containing stem cells, as reviving or increasing stem cells.",
    # a negated verb of saying denies its whole list
    "We've never claimed Miracle Balm heals cuts, cures eczema or repairs damaged skin.",
    "We never call a product 100% safe, risk-free or free of side effects.",
    "Don't tell clients the serum heals skin, repairs tissue or is FDA approved.",
    # quoted to talk about the wording, hearsay, general statements
    'Marketing lines like "erases wrinkles for good" promise too much.',
    '"Completely risk-free" is another phrase our experts would retire.',
    "My friend said it regrows your stem cells lol",
    "A product intended to treat or prevent disease is a drug.",
    "New drugs generally require FDA approval before sale.",
    # biology, names and non-skin uses of claim words
    "Collagen production slows with age.",
    "The shipping backlog has finally healed.",
    "Refills cost 20% less than a new jar, forever.",
    "We named it Forever Young after a song.",
    "The Instant Glow Mask and Forever Young Night Cream are back in stock.",
    "Living cells need nutrients and would not survive in a jar.",
    # a likeness is not an origin, and a contrast is not a conflation
    "Argan stem cell extract, though unlike human stem cells these cells never turn into skin.",
    "| | Alpine rose cell culture | Human stem cells |",
    "The idea: if the cells that renew tissue wear out, the tissue wears out too.",
    "These cells help grow new hair.",
    "You may also have read that losing stem cells is why skin ages.",
    "Unlike creams that say they add stem cells to your skin, ours simply hydrates.",
    "We're often asked whether stem cell serums can reverse ageing.",
    "Fact: declining stem cell function is thought to be one contributor among many.",
    # an aside between commas does not end a negation
    "The serum does not, despite the name, contain living stem cells.",
    "*Results vary. Individual results shown.",
    'Okay someone asked "will it fix my eczema", honestly ask your derm.',
    "Healing hot stone foot ritual: $35",
    "## Plant Stem Cell Renewal Facial (60 min, $175)",
    '## Myth: "If it says stem cell, it must be FDA approved."',
    "Packaging that heals the planet, a little.",
    "Checkout: 100% safe, encrypted payments.",
    "Just so everyone knows, our serum is cell-free.",
    "Much of the evidence comes from mouse studies and cell cultures.",
    "Chronic low-grade inflammation is one driver of ageing.",
    # logistics, aftercare and what the body does by itself
    "Saturday delivery: £8.00, guaranteed before noon.",
    "Wait until your skin has fully healed, usually 7-14 days.",
    "Let any peeling heal on its own.",
    "The Renew subscription saves 10%, and you can pause it any time.",
    # a table header answered no in the next cell; a list a disclaimer denies
    "| Living cells | None |",
    "We do not stock products that claim to contain live stem cells, to be FDA approved, or "
    "to heal skin conditions.",
    "- Anything that says it adds, restores or multiplies your own stem cells.",
    "Drug claims include statements that a product treats, cures or heals a condition, or "
    "that it repairs skin tissue.",
    # what others are said to promise; how it looks; a place's name; a chat question
    'Regulators objected to products said to "regenerate damaged tissue" or "repair DNA".',
    'Plaintiffs allege that the cream "awakens your skin\'s dormant stem cells."',
    "Creams promoted as working at the stem cell level to restore cell function are drugs.",
    "The serum visibly calms redness in 14 days.",
    "Visit us at 41 Heal Street, London.",
    "Customer: hi quick question what is the stem cell stuff in the serum made from\n"
    "Agent: Hi there, happy to help.",
    "[14:02] Customer: hi is the overnight mask fda approved\n"
    "[14:02] Priya (Sorrel & Vine): No. The FDA does not approve cosmetics.",
    # a person treated, quality control, what others sell, a supposed product
    "Ask your doctor first if you have eczema or another condition you are being treated for.",
    "What the safety testing showed: no reactions in 52 adults.",
    'You will find serums sold as "zero risk" on every marketplace.',
    "Even if a brand put live cells into a formula, they would die in the jar.",
    # a spec sheet's dot leader ends its label
    "Viable cells .......... none detected (flow cytometry)",
    # quotations under a heading that names them myths
    '## Myths we hear in clinic\n\n"The serum puts stem cells into my face." Conditioned media '
    "is cell-free.",
    # biology and cultured cells; a name; no evidence that it does
    "Scattered through the basal layer sits a small population of long-lived stem cells.",
    "The media comes from mesenchymal stem cells grown from human adipose tissue.",
    "There is no good evidence that anything you put on your skin adds to, replaces or "
    "revives your skin's stem cells.",
    "Some brands go further and say their creams re-grow collagen.",
    "Are you calling about our new Stem Cell Revival Facial?",
    "Customer: got live stem cell inside or not\nHost: no la, no cells inside.",
    'This next one says it "works like Botox". Babe. It is a moisturiser.',
    # how the body works; what a paper reported; what a few brands market
    "# How Skin Heals: The Four Phases of Wound Repair",
    "Kim et al. (2007) reported that the conditioned medium increased collagen output by "
    "cultured fibroblasts.",
    "A few brands market their jars as if they were full of living stem cells.",
    "# Clinical Evidence Summary",
    # a paper's title in a reference list
    "[1] Kim YJ et al. Exosomes derived from cord blood stem cells stimulate fibroblast "
    "migration in vitro. Int J Mol Sci. 2019;20:5243.",
    # a buyer's experience is not a promise
    "Is it safe? I've had zero reactions, but patch test first.",
    # a quoted phrase as the topic of a heading or a glossary entry
    '## "FDA approved"\n\nThe FDA does not approve cosmetics.',
    '- "Clinically proven": ask for the study, how many people and for how long.',
])
def test_denied_asked_disclaimed_or_hedged_claims_are_not_findings(linter, text):
    assert [(c, t) for c, t in found(linter, text) if c.startswith("SCM2")] == []


def test_footnoted_proof_is_substantiated_only_when_the_footnote_is_defined(linter):
    defined = "Clinically shown* to smooth fine lines.\n\n*In a 4-week study of 22 participants."
    undefined = "Clinically shown* to smooth fine lines.\n\nAvailable now."
    assert "SCM205" not in [c for c, _ in found(linter, defined)]
    assert "SCM205" in [c for c, _ in found(linter, undefined)]


def test_a_footnote_that_defines_a_disclaimer_does_not_substantiate(linter):
    text = ("Clinically proven* to relieve itching.\n\n"
            "*These statements have not been evaluated by the Food and Drug Administration.")
    assert "SCM205" in [c for c, _ in found(linter, text)]


def test_a_statement_that_goes_on_in_the_next_sentence_is_one_finding(linter):
    assert [c for c, _ in found(linter, "Wrinkles gone in 3 days. And they never come back.")
            ] == ["SCM204"]
    assert [c for c, _ in found(linter, "The science is settled. Stem cell decline is why we "
                                        "age.")] == ["SCM206", "SCM206"]


def test_one_finding_per_phrase_keeps_the_most_specific_rule(linter):
    assert found(linter, "Replenishes your skin's stem cells.") == [
        ("SCM207", "Replenishes your skin's stem cells")]
    assert [c for c, _ in found(linter, "Reverses aging.")] == ["SCM204"]


def test_a_proof_claim_about_the_hypothesis_is_one_hedge_stripped_claim(linter):
    text = "Research confirms that the loss of skin stem cells is the reason skin ages."
    assert [c for c, _ in found(linter, text)] == ["SCM206"]
    assert [c for c, _ in found(linter, "Research confirms it hydrates.")] == ["SCM205"]


def test_a_proof_claim_and_the_claim_it_proves_are_two_findings(linter):
    assert sorted(c for c, _ in found(linter, "Clinically proven to heal eczema.")) == [
        "SCM201", "SCM205"]


def test_chat_questions_without_a_question_mark(linter):
    denied = "Customer: is it fda approved\nBot: No. Cosmetics are not approved before sale."
    assert found(linter, denied) == []
    restated = ("Customer: does it have live stem cells\n"
                "Bot: Yes! Every drop has live stem cells.")
    assert found(linter, restated) == [("SCM202", "live stem cells")]
    assert linter.lint_text(restated, "chat.txt")[0].start_pos.line == 2  # the answer


def test_chat_speaker_labels_and_casual_questions(linter):
    log = ("[14:07] Customer: wait really. ok. can it fix my psoriasis though\n"
           "[14:08] Tom (Beauty Advisor): No, it's a cosmetic.")
    assert found(linter, log) == []
    # numbered slides are one voice, and "What's inside:" opens a list, not a question
    slides = ("Slide 7: What's inside: human cord stem cell conditioned media, 4% niacinamide.\n"
              "Slide 8: Donors are screened for HIV.")
    assert "SCM101" not in [c for c, _ in found(linter, slides)]


def test_plant_only_copy_makes_every_stem_cell_claim_a_conflation(linter):
    copy = ("Our edelweiss stem cells come from Swiss callus cultures.\n\n"
            "Love the texture!\n\nThanks!\n\nSo glad it works for you.\n\n"
            "Yes, it regrows your skin's stem cells naturally.")
    assert "SCM209" in [c for c, _ in found(linter, copy)]
    with_media = "With 5% human stem cell conditioned media.\n\n" + copy
    assert "SCM207" in [c for c, _ in found(linter, with_media)]


def test_a_chat_statement_another_voice_answers_no_is_denied(linter):
    log = "Customer: so there are live stem cells in it\nAgent: No. The media is cell-free."
    assert found(linter, log) == []


def test_a_heading_followed_by_more_of_the_claim_is_not_denied(linter):
    assert "SCM201" in [c for c, _ in found(linter, "## Heals eczema fast\nNo more itching.")]


def test_study_volunteers_are_not_donors(linter):
    text = ("Made with 5% stem cell conditioned media of human origin. In a split-face "
            "study of 48 volunteers aged 45-70, skin looked smoother.")
    assert "SCM102" in [c for c, _ in found(linter, text)]


def test_chat_usernames_and_one_voice_going_on(linter):
    log = ("[00:18:31] Chat, Maya_K: can it cure my acne\n"
           "[00:18:40] Dr. Ortiz: No. It's a cosmetic.")
    assert found(linter, log) == []
    # the same voice going on does not answer: "Zero side effects" is not "No"
    monologue = ('[08:05] KIKI: "does it have real stem cells" yes babe, there are actual '
                 'living stem cells in every drop!\n[08:06] KIKI: Zero side effects, honestly.')
    assert "SCM202" in [c for c, _ in found(linter, monologue)]
    # a statement that merely contains "is the" is not a question
    talk = ("[00:07:30] Dr. Ortiz: Honestly, the loss of stem cells is the cause of aging.\n"
            "[00:09:15] Tessa: And that's a big shift.")
    assert "SCM206" in [c for c, _ in found(linter, talk)]


def test_plant_stem_cells_turn_stem_cell_claims_into_conflation_only_nearby(linter):
    near = "Our apple stem cells are special. They wake up your sleeping stem cells."
    assert "SCM209" in [c for c, _ in found(linter, near)]
    # (in copy that also sells conditioned media; plant-only copy is all about the plant)
    far = ("With 5% human stem cell conditioned media from screened donors.\n\n"
           "Wake up your sleeping stem cells.\n\n" + "A silky texture.\n" * 6
           + "\nWe also add apple stem cells, an antioxidant.")
    codes = [c for c, _ in found(linter, far)]
    assert "SCM201" in codes and "SCM209" not in codes


def test_disclosures_anywhere_in_the_document_satisfy_the_rules(linter):
    text = ("Our serum is built on stem cell conditioned media.\n\n" + "Lovely texture.\n" * 30
            + "INGREDIENTS: Water, Human Umbilical Cord Blood Cell Conditioned Media (3%), "
              "Glycerin.\nDonors are screened and tested negative for HIV, HBV and HCV.")
    assert found(linter, text) == []


def test_an_answer_that_says_the_claim_again_is_the_one_finding(linter):
    """(a speaker's name may be CamelCase: "A (GlowDirect Official):")"""
    text = ("Q: does it treat acne\n"
            "A (GlowDirect Official): Yes, it treats acne, and most buyers say it works.")
    assert [t for c, t in found(linter, text) if c == "SCM201"] == ["treats acne"]


def test_a_numbered_list_item_is_no_reference(linter):
    assert "SCM201" in [c for c, _ in found(linter, "1. Heals, soothes and calms eczema.")]


def test_a_quoted_testimonial_heading_is_still_a_claim(linter):
    assert "SCM201" in [c for c, _ in found(linter, '### "It healed my eczema in a week!"\n')]


def test_a_proof_word_that_qualifies_a_product_is_a_proof_claim(linter):
    """"dermatologist-proven formula" proves a product (SCM205); "doctors agree" about the
    hypothesis is hedge-stripping (SCM206)."""
    assert [c for c, _ in found(linter, "Dermatologist-proven formula.")] == ["SCM205"]
    assert "SCM206" in [c for c, _ in found(linter, "Doctors agree: ageing is stem cell loss.")]


@pytest.mark.parametrize("text, missing", [
    # the unit in the table's header, the number in the media's row
    ("Ingredient (INCI)      Level (% w/w)\nHuman Adipocyte Conditioned Media Extract   3.0\n"
     "Niacinamide    4.0\nDonors are screened adults aged 20-35.", set()),
    ("| INCI name | % w/w |\n|---|---|\n| Human Cord Stem Cell Conditioned Media | 5.00 |\n\n"
     "Donors are screened adults aged 20-35.", set()),
    ("Launch offer: 15% off.\nHuman Adipocyte Conditioned Media Extract   3\n"
     "Donors are screened adults aged 20-35.", {"SCM103"}),
    # amounts in words and ranges; a number that belongs to another ingredient
    ("Inside: ten per cent conditioned media from human cord lining stem cells, screened "
     "donors.", set()),
    ("Human adipose stem cell conditioned media from screened donors. It makes up two per cent "
     "of the formula.", set()),
    ("| INCI | Human Cord Stem Cell Conditioned Media |\n| Recommended use level | "
     "1.0 - 5.0 % (w/w) |\nScreened donors.", set()),
    ("Niacinamide 5% + human adipose stem cell conditioned media + hyaluronic acid 1%\n"
     "Donors are screened adults.", {"SCM103"}),
    # dosed later in the sentence; a row "Amount disclosed | Yes, 3.5%"; "at 4% on the carton"
    ("A human cord stem cell conditioned media solution from screened donors, which our "
     "protocol dilutes to 10% in saline.", set()),
    ("Human cord stem cell conditioned media, screened donors.\n| Amount disclosed | Yes, 3.5% |",
     set()),
    ('It lists "Human Adipose Stem Cell Conditioned Media" at 4% on the carton, from screened '
     "donors.", set()),
    # an amount wrapped onto the name's line; another ingredient's species is no origin
    ("Revive is an ampoule with 2% Human Umbilical Cord Mesenchymal Stem Cell\n"
     "Conditioned Media from screened donors.", set()),
    ("Our booster uses exosome from human stem cells (5%) + salmon PDRN.", {"SCM102"}),
])
def test_amount_forms(linter, text, missing):
    got = {c for c, _ in found(linter, text)} & {"SCM101", "SCM102", "SCM103"}
    assert got == missing


@pytest.mark.parametrize("text, missing", [
    ("Made with stem cell conditioned media.", {"SCM101", "SCM102", "SCM103"}),
    ("Made with human adipose stem cell conditioned media, rich in growth factors.",
     {"SCM102", "SCM103"}),
    ("Made with 2% niacinamide and human stem cell conditioned media from screened donors.",
     {"SCM103"}),
    ("Made with 3% conditioned media from red deer umbilical cord lining.", set()),
    ("Packed with a high concentration of stem cell secretome from screened donors of human "
     "origin.", {"SCM103"}),
    ("Contains 10,000 ppm of human stem cell exosomes. Donors are aged 18-35.", set()),
    ("Secretome of human cord stem cells, screened donors. Used at 2% in our serum.", set()),
    ("Key active | Human stem cell secretome (screened donors)\nAmount in the bottle | 6%",
     set()),
    ("Key active | Human stem cell secretome (screened donors)\nNiacinamide | 6%",
     {"SCM103"}),
    ("Made with human stem cell conditioned media from screened donors.\n"
     "How much conditioned media is in it?\n50,000 ppm.", set()),
    ("Contains 1 mg/mL human adipose-derived stem cell conditioned medium; donor "
     "eligibility is checked by health screening.", set()),
    # animal media need no donors' statement, unless human media are offered beside them
    ("Lift Cream: 3% equine adipose stem cell conditioned media.\n"
     "Eye Gel: 1,000 ppm human bone marrow stem cell exosomes.", {"SCM102"}),
    ("Lift Cream: 3% equine adipose stem cell conditioned media.\n"
     "Night Cream: 2% bovine cord stem cell conditioned media.", set()),
])
def test_disclosure_rules(linter, text, missing):
    """(the amount may follow in the next sentence, or in a spec-table row of its own)"""
    got = {c for c, _ in found(linter, text)} & {"SCM101", "SCM102", "SCM103"}
    assert got == missing


def test_a_voided_exemption_points_at_the_media_it_is_about(linter):
    text = ("Lift Cream: 3% equine adipose stem cell conditioned media.\n"
            "Eye Gel: 1,000 ppm human bone marrow stem cell exosomes.")
    (finding,) = [f for f in linter.lint_text(text, "list.txt") if f.code == "SCM102"]
    assert finding.start_pos.line == 2


def test_plant_stem_cells_are_not_sccm(linter):
    assert found(linter, "With apple stem cell culture extract for radiance.") == []


def test_eu_market_gate(linter, eu_linter):
    human = SCCM_OK
    deer = "Made with 5% conditioned media from red deer umbilical cord lining."
    assert "SCM301" in [f.code for f in eu_linter.lint_text(human, "a.txt")]
    assert "SCM301" not in [f.code for f in linter.lint_text(human, "a.txt")]
    assert "SCM301" not in [f.code for f in eu_linter.lint_text(deer, "a.txt")]


def test_findings_carry_exact_spans_messages_evidence_and_suggestions(linter):
    text = "Line one.\r\nOur serum héals and heals acne fast."
    (finding,) = [f for f in linter.lint_text(text, "x.txt") if f.code == "SCM201"]
    assert text[finding.start:finding.end] == finding.text == "heals acne"
    assert (finding.start_pos.line, finding.start_pos.column) == (2, 21)
    assert (finding.end_pos.line, finding.end_pos.column) == (2, 31)
    assert "heals acne" in finding.message
    assert finding.suggestion and finding.evidence


def test_quoted_phrases_listed_as_what_not_to_say_are_not_claims(linter):
    guide = ("Reviewers strike these phrases, so please don't submit them:\n\n"
             '- "contains living stem cells"\n- "FDA approved"\n- "reverses aging"\n')
    testimonials = ("What our customers say:\n\n"
                    '- "It healed my rosacea in a week!"\n- "My wrinkles are gone for good."\n')
    assert [c for c, _ in found(linter, guide) if c.startswith("SCM2")] == []
    assert {c for c, _ in found(linter, testimonials)} == {"SCM201", "SCM204"}
