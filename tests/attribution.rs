//! Attribution and claim rules, one invented sentence pattern at a time: who is named as the
//! speaker, what counts as a claim's content, and what is not a quote at all.

use quotelens_extract::{extract, AnnotationKind, Document};

/// (kind, text, speaker) of every annotation, in text order.
fn items(text: &str) -> Vec<(AnnotationKind, String, Option<String>)> {
    let doc: Document = extract(text);
    doc.annotations
        .iter()
        .map(|a| (a.kind, a.span.slice(text).to_string(), doc.speaker_name(a).map(str::to_string)))
        .collect()
}

fn quotes(text: &str) -> Vec<(String, Option<String>)> {
    items(text).into_iter().filter(|i| i.0 == AnnotationKind::Quote).map(|i| (i.1, i.2)).collect()
}

fn claims(text: &str) -> Vec<(String, Option<String>)> {
    items(text).into_iter().filter(|i| i.0 == AnnotationKind::Claim).map(|i| (i.1, i.2)).collect()
}

fn q(t: &str, s: &str) -> (String, Option<String>) {
    (t.to_string(), Some(s.to_string()))
}

#[test]
fn split_quote_is_two_quotes_with_one_speaker() {
    let text = "“We will not leave,” said harbour master Lena Okafor, “until the last ship is safe.”";
    assert_eq!(
        quotes(text),
        [q("We will not leave,", "Lena Okafor"), q("until the last ship is safe.", "Lena Okafor")]
    );
}

#[test]
fn both_orders_titles_and_appositions() {
    let text = "Interior Minister Paulo Reis said: “The border stays open.”\n\
                “It is a mistake,” said the union’s lawyer, Dana Whitfield.\n\
                “We were not consulted,” Tom Brandt, the mayor of Eastfield, told reporters.";
    assert_eq!(
        quotes(text),
        [
            q("The border stays open.", "Paulo Reis"),
            q("It is a mistake,", "Dana Whitfield"),
            q("We were not consulted,", "Tom Brandt")
        ]
    );
}

#[test]
fn surnames_take_the_fullest_form_and_pronouns_resolve_by_gender() {
    let text = "Finance Minister Ana Duarte met bankers on Monday. Duarte said the budget would balance.\n\
                Opposition leader Marco Vitale disagreed. He said the figures were invented.\n\
                “They are fiction,” Vitale said. She later told reporters the numbers had been audited.";
    assert_eq!(
        claims(text),
        [
            q("the budget would balance", "Ana Duarte"),
            q("the figures were invented", "Marco Vitale"),
            q("the numbers had been audited", "Ana Duarte"),
        ]
    );
    assert_eq!(quotes(text), [q("They are fiction,", "Marco Vitale")]);
}

#[test]
fn groups_and_institutions_speak_and_they_resolves_to_a_group() {
    let text =
        "Regional health officials said the outbreak had peaked. They warned that cases could rise again in winter.\n\
                The Transport Ministry said trains would run on Sunday.";
    assert_eq!(
        claims(text),
        [
            q("the outbreak had peaked", "Regional health officials"),
            q("cases could rise again in winter", "Regional health officials"),
            q("trains would run on Sunday", "The Transport Ministry"),
        ]
    );
}

#[test]
fn claim_forms() {
    let text = "According to the port authority, 40 ships were waiting offshore.\n\
                At least 12 people were hurt, according to the fire service.\n\
                The plant will close in March, company officials said.\n\
                Analysts say the deal values the firm at $2 billion.\n\
                Lopez denied that she had met the buyers.";
    let got: Vec<String> = claims(text).into_iter().map(|c| c.0).collect();
    assert_eq!(
        got,
        [
            "40 ships were waiting offshore",
            "At least 12 people were hurt",
            "The plant will close in March",
            "the deal values the firm at $2 billion",
            "she had met the buyers",
        ]
    );
}

#[test]
fn a_claim_with_a_partial_quote_yields_both() {
    let text = "Senator Ruth Abara said the bill was “a gift to polluters” and would fail.";
    assert_eq!(claims(text), [q("the bill was “a gift to polluters” and would fail", "Ruth Abara")]);
    assert_eq!(quotes(text), [q("a gift to polluters", "Ruth Abara")]);
}

#[test]
fn scare_quotes_titles_and_nicknames_are_terms() {
    let text = "The so-called “green corridor” opened on Friday.\n\
                Fans of the striker, nicknamed “the Hammer”, packed the stadium.\n\
                Her film “Harbour Lights” premieres in May.";
    let all = items(text);
    assert_eq!(all.iter().filter(|i| i.0 == AnnotationKind::Quote).count(), 0, "{all:?}");
    assert_eq!(all.iter().filter(|i| i.0 == AnnotationKind::Term).count(), 3, "{all:?}");
}

#[test]
fn a_quote_continues_its_speaker_without_a_new_cue() {
    let text = "“The water is rising,” said Ines Morales, the town’s mayor. “We have two days at most.”\n\
                “Everyone should pack tonight.”";
    assert_eq!(
        quotes(text),
        [
            q("The water is rising,", "Ines Morales"),
            q("We have two days at most.", "Ines Morales"),
            q("Everyone should pack tonight.", "Ines Morales")
        ]
    );
}

#[test]
fn a_direct_quotation_is_not_also_a_claim() {
    let text = "The governor said, “We will rebuild every school.”";
    assert!(claims(text).is_empty(), "{:?}", claims(text));
    assert_eq!(quotes(text), [q("We will rebuild every school.", "The governor")]);
}

#[test]
fn characterisations_belong_to_the_subject_not_the_object() {
    // "called X's remarks": a noun after a possessive is not a cue; "Norway branded Freedonia":
    // a participle after a name is the verb; "criticized X as": the critic speaks
    let text = "Rosa Kemper, the union's treasurer, called Mr. Lund's comments on Friday \"a cheap stunt\".\n\
                Norway branded Freedonia a \"rogue supplier\" after the vote.\n\
                Former mayor Ivo Brandt criticized the levy as an \"unfair burden\" at a town meeting.";
    assert_eq!(
        quotes(text),
        [q("a cheap stunt", "Rosa Kemper"), q("rogue supplier", "Norway"), q("unfair burden", "Ivo Brandt")]
    );
}

#[test]
fn issuers_and_crowds_speak_not_their_documents_and_streets() {
    let text = "The harbour board released a statement calling the spill \"an avoidable disaster\" on Monday.\n\
                Fishermen walking along the quay shouted \"Close the refinery!\" until dusk.";
    assert_eq!(quotes(text), [q("an avoidable disaster", "The harbour board"), q("Close the refinery!", "Fishermen")]);
}

#[test]
fn headlines_adverbs_and_appositions_around_the_cue() {
    // a shouted headline is nobody's name; "his recent remarks" is a noun; a subject with an
    // apposition after the quotation still speaks
    let text = "HARBOUR STRIKE ENDS - Port director Ella Sandoval said \"the cranes move again\" on Monday.\n\
                Mayor Tomas Reyes defended his recent comments, calling the plan \"a lifeline\".\n\
                The levy is \"a tax on bread,\" and more, Ida Holm, the bakers' spokeswoman, insisted.";
    assert_eq!(
        quotes(text),
        [q("the cranes move again", "Ella Sandoval"), q("a lifeline", "Tomas Reyes"), q("a tax on bread,", "Ida Holm")]
    );
}

#[test]
fn claims_from_shares_ages_and_described_people() {
    let text = "About three in 10 said the ferry was too slow, but six in 10 said they want the service to continue.\n\
                Almost half of respondents said the harbour had become too crowded.\n\
                Marta Solberg, 71, a retired nurse raised in Bergen, said she wanted the clinic reopened.\n\
                The retired teacher said he would vote against the plan.";
    assert_eq!(
        claims(text),
        [
            q("the ferry was too slow", "three in 10"),
            q("they want the service to continue", "six in 10"),
            q("the harbour had become too crowded", "half of respondents"),
            q("she wanted the clinic reopened", "Marta Solberg"),
            q("he would vote against the plan", "The retired teacher"),
        ]
    );
}

#[test]
fn claims_after_contractions_colons_and_relative_clauses() {
    let text = "Dag Moen chairs the fishing board. He's suggesting that the quotas should be halved.\n\
                Some residents say: the ferry must run at night.\n\
                The harbour master, who has denied any negligence, said the crane was inspected in May.";
    assert_eq!(
        claims(text),
        [
            q("the quotas should be halved", "Dag Moen"),
            q("the ferry must run at night", "Some residents"),
            q("the crane was inspected in May", "The harbour master"),
        ]
    );
}

#[test]
fn a_quotation_without_cue_goes_on_from_the_person_just_reported() {
    let text =
        "Her former partner, Ruth Adler, called her a master of impossible deals. \"She never gave up on one.\"\n\
                The port's director, Jonas Berg, criticized the tariff plan.\n\
                \"It will empty our quays within a year.\"";
    assert_eq!(
        quotes(text),
        [q("She never gave up on one.", "Ruth Adler"), q("It will empty our quays within a year.", "Jonas Berg")]
    );
}

#[test]
fn a_wished_for_verb_does_not_take_the_fragment() {
    let text =
        "Mayor Ines Palm said in her speech that the charter should reiterate the city's \"open harbour\" pledge.";
    assert_eq!(quotes(text), [q("open harbour", "Ines Palm")]);
}

#[test]
fn teams_venues_quantifiers_and_verbs_called() {
    // "the Lakeside Otters" is a team, so "she" is still the player; "on Radio North" is where
    // it was said; "most states" is a noun phrase; "has called “…”" is a characterisation
    let text = "Everyone watches Greta Holm. At 30, the Lakeside Otters captain still trains twice a day, and the Otters have won nine straight.\n\
                \"I never count the wins,\" she said.\n\
                Coach Lars Berg said on Radio North that the title race was over.\n\
                Coach Lars Berg said on Radio North's \"Morning Desk\".\n\
                Most states have passed the deadline to change the ballots, the agency said.\n\
                The fee is a figure the rail council has called \"arbitrary and punitive.\"";
    assert_eq!(quotes(text)[0], q("I never count the wins,", "Greta Holm"));
    assert_eq!(quotes(text)[1], q("arbitrary and punitive.", "the rail council"));
    assert_eq!(
        claims(text),
        [
            q("the title race was over", "Lars Berg"),
            q("Most states have passed the deadline to change the ballots", "the agency"),
        ]
    );
}

#[test]
fn pointing_out_is_a_second_claim_and_a_phrase_before_its_verb_is_not_a_source() {
    let text = "Some fans say the 9-2 start owes much to an easy schedule, and point out that the team has yet to win away.\n\
                Save Harbour Pool, which has gathered 11,000 signatures, said the council had run the pool into the ground.";
    assert_eq!(
        claims(text),
        [
            q("the 9-2 start owes much to an easy schedule", "Some fans"),
            q("the team has yet to win away", "Some fans"),
            q("the council had run the pool into the ground", "Save Harbour Pool"),
        ]
    );
}

#[test]
fn manner_verbs_occupations_focus_adverbs_and_time_phrases() {
    // a manner-of-speaking verb attributes like "said"; an occupation before a name is dropped
    // even when words describing the post stand before it; and the surname takes that name
    let text = "“Go back to your studio,” Marlow barked.\n\
                Harbour Desk Editor Tobias Frane asked about the levy. “It is a tax on fishermen,” Frane said.";
    assert_eq!(quotes(text), [q("Go back to your studio,", "Marlow"), q("It is a tax on fishermen,", "Tobias Frane")]);
    // "Even" is not part of the name; a time phrase ending in "ago" is not the subject
    let text = "Even Norway said it was “deeply troubled” by the vote.\n\
                Twenty years ago, the Gazette hailed the mayor as “a careful builder” of roads.";
    let got = quotes(text);
    assert_eq!(got[0], q("deeply troubled", "Norway"));
    assert_eq!(got[1], q("a careful builder", "Gazette"));
}

#[test]
fn relative_clauses_intros_and_issued_statements() {
    // "who in 2010 said" after an apposition: the name the apposition describes
    let text = "Brill has clashed with Okafor, now the majority leader, who in 2010 said the party's goal \
                was to make Brill a “one-term president.”";
    assert_eq!(quotes(text), [q("one-term president.", "Okafor")]);
    // a participle goes on from the main clause, not from a relative clause on its object
    let text = "Brill was defensive when asked about a builder who said he was never paid, saying, \
                “Maybe he didn’t do a good job.”";
    assert_eq!(quotes(text), [q("Maybe he didn’t do a good job.", "Brill")]);
    // an intro with a comma inside it; a statement speaks for whoever issued it
    let text = "Following a swiftly called, late-afternoon meeting, the council issued a statement calling \
                the test “a clear violation” of the rules.";
    assert_eq!(quotes(text), [q("a clear violation", "the council")]);
    // agreeing with a statement is saying it
    let text = "Only 52 percent of voters agreed that Marlow is in “good enough overall health to serve as \
                mayor,” while 73 percent said the same of Brill.";
    assert_eq!(quotes(text), [q("good enough overall health to serve as mayor,", "52 percent of voters")]);
}

#[test]
fn dialogue_tags_in_any_verb_and_long_appositions_after_a_question() {
    let text = "“Would the fees stay?” Hannity pressed.\n\
                “This is fantastic!” beamed Donald Hartley of Madison.\n\
                “How are you today?” Miller, a retired worker from a nuclear plant, said pleasantly into the phone.";
    assert_eq!(
        quotes(text),
        [
            q("Would the fees stay?", "Hannity"),
            q("This is fantastic!", "Donald Hartley"),
            q("How are you today?", "Miller")
        ]
    );
    // how and where it was said is no claim
    assert_eq!(claims(text), []);
    // a past-tense word after a quotation that ended its sentence is no tag
    let text = "“We are done.” Crews worked through the night.";
    assert_eq!(quotes(text), [("We are done.".to_string(), None)]);
}

#[test]
fn tags_after_a_period_abbreviations_places_and_participles() {
    // a sentence that is only a tag; a party-and-state abbreviation inside the tag
    let text = "“Find the missing files.” Marlow said.\n\
                “Perpetual motion!” Rep. Glenn Tobin, R-Pa., said of the week.";
    assert_eq!(quotes(text), [q("Find the missing files.", "Marlow"), q("Perpetual motion!", "Glenn Tobin")]);
    // "during …" with a city and its state between the subject and the verb
    let text = "Dana Okafor, during a town hall in Columbus, Ohio, said the plan was “a gift to the coal industry.”";
    assert_eq!(quotes(text), [q("a gift to the coal industry.", "Dana Okafor")]);
    // the second half of a split quotation after "in a statement to Wired explaining …"
    let text = "“Many people are uncertain,” Peter Voss wrote in a statement to the Herald explaining his \
                choice, “but most voters agree that we are on the wrong track.”";
    assert_eq!(
        quotes(text),
        [
            q("Many people are uncertain,", "Peter Voss"),
            q("but most voters agree that we are on the wrong track.", "Peter Voss")
        ]
    );
    // a second verb goes on from the subject of the first, past the first fragment
    let text = "The worry grew when Speaker Ann Ruiz lamented the “disheartened” mood and criticized the \
                “identity politics” of the race.";
    assert_eq!(quotes(text), [q("disheartened", "Ann Ruiz"), q("identity politics", "Ann Ruiz")]);
    // a definite description issues a statement as well as a name does
    let text = "The town released a statement Wednesday saying the remarks “are based on opinion, not facts.”";
    assert_eq!(quotes(text), [q("are based on opinion, not facts.", "The town")]);
}

#[test]
fn speaking_is_reporting_but_not_a_claim() {
    // a quotation paragraph after "X spoke …" goes on from X; "spoke briefly outside" claims nothing
    let text = "What the plan means was left open, since Mayor Ines Calder spoke only in generalities.\n\
                “We have to do something.”\n\
                Her deputy, Rolf Imhof, spoke briefly outside the hall.";
    assert_eq!(quotes(text), [q("We have to do something.", "Ines Calder")]);
    assert_eq!(claims(text), []);
    // a speech verb in a headline's capitals does not make a title a quotation
    let text = "Calder Speaks ‘Directly To Young Voters’ After The Vote\n\nThe mayor spoke on Monday.";
    assert_eq!(quotes(text), []);
}

#[test]
fn a_digest_item_is_signed_after_a_dash() {
    let text = "TURNOUT SURGES IN THE VALLEY - Ann Lee and Tom Roe: “The early count already passed the last \
                election's total.”";
    assert_eq!(quotes(text), [q("The early count already passed the last election's total.", "Ann Lee and Tom Roe")]);
}

#[test]
fn shares_say_nothing_the_company_does() {
    let text = "Shares in Brantmoor Tools fell 9% on Tuesday after the company cut its forecast, saying \
                weak demand from builders had hit its largest plant.";
    assert_eq!(claims(text), [q("weak demand from builders had hit its largest plant", "the company")]);
}

#[test]
fn a_pronoun_takes_the_names_in_the_subjects_apposition() {
    let text = "The club’s wingers, twins Ada and Bea Moreno, known as “the Moreno Mile,” have scored most goals. \
                After the win, they told reporters they had been “training at dawn every single day” all winter.";
    assert_eq!(quotes(text), [q("training at dawn every single day", "Ada and Bea Moreno")]);
}

#[test]
fn phrasal_tags_and_opening_participles() {
    let text = "“Let me talk,” Marlow shot back.\n\
                “But you have to get over it,” Okafor went on.";
    assert_eq!(quotes(text), [q("Let me talk,", "Marlow"), q("But you have to get over it,", "Okafor")]);
    // an opening participle and a city with its state before the subject
    let text = "Preceded at the lectern by Joe Brant, the county sheriff, Ann Marlow launched into a lament \
                for the families who are “victims of violence by reckless drivers” in the valley.\n\
                Speaking at a town hall in Salem, Oregon, Tom Okafor went after his rival, calling him \
                “a total stiff.”";
    assert_eq!(
        quotes(text),
        [q("victims of violence by reckless drivers", "Ann Marlow"), q("a total stiff.", "Tom Okafor")]
    );
}

#[test]
fn a_participle_phrase_between_subject_and_verb() {
    let text = "Another source speaking to the Herald said, “The agents are still looking at the accounts.”";
    assert_eq!(quotes(text), [q("The agents are still looking at the accounts.", "Another source")]);
}

#[test]
fn an_opening_as_x_told_names_the_one_the_pronoun_means() {
    let text = "Senator Paul Brandt criticized the plan on Monday.\n\
                As Marlow told the Gazette, tax relief is given in exchange for jobs. There was, she said, \
                “an implicit bargain.”";
    assert_eq!(quotes(text), [q("an implicit bargain.", "Marlow")]);
}

#[test]
fn a_speech_noun_after_an_adjective_is_no_verb() {
    // "claims" and "remarks" here are nouns: the adjective before them is nobody
    let text = "Tom Okafor has filed suit. Okafor’s most explosive claim is that the audit was “rigged.”\n\
                The council answered his scathing remarks on Monday.";
    let items = items(text);
    assert!(
        items.iter().all(|i| i.2.as_deref().is_none_or(|s| !s.contains("explosive") && !s.contains("scathing"))),
        "{items:?}"
    );
    assert!(claims(text).is_empty(), "{:?}", claims(text));
    // a noun before the same word keeps it a verb
    let text = "Her lawyer claims that the audit was rigged.";
    assert_eq!(claims(text), [q("the audit was rigged", "Her lawyer")]);
}

#[test]
fn according_to_a_title_with_its_name_in_apposition() {
    // the apposition names the source, and the pronoun that follows means her
    let text = "The Harbour Trust has raised $2.1 million, according to its director, Ann Osei. \
                She said the group hoped to finish the roof by spring.";
    assert_eq!(
        claims(text),
        [
            q("The Harbour Trust has raised $2.1 million", "Ann Osei"),
            q("the group hoped to finish the roof by spring", "Ann Osei")
        ]
    );
    // "its" before a common noun is its possessive, not a stop
    let text = "The store sells gifts and cards, according to its website.";
    assert_eq!(claims(text), [q("The store sells gifts and cards", "its website")]);
}

#[test]
fn unnamed_sources_by_what_they_know_and_some_of_a_group() {
    let text = "Harlow has held early talks with two buyers, three people familiar with the matter said. \
                A sale could value the unit at $2 billion, one of the people said.\n\
                The vote may slip to spring, people close to Mayor Ruth Okafor say.\n\
                The two cases were quite different, one of the former prosecutors for Dan Reyes said.";
    assert_eq!(
        claims(text),
        [
            q("Harlow has held early talks with two buyers", "three people familiar with the matter"),
            q("A sale could value the unit at $2 billion", "one of the people"),
            q("The vote may slip to spring", "people close to Mayor Ruth Okafor"),
            q("The two cases were quite different", "one of the former prosecutors for Dan Reyes"),
        ]
    );
}

#[test]
fn records_speak_with_their_keeper_named() {
    let text = "The firm bought the park in 2021 and raised rents by 38%, according to court filings.";
    assert_eq!(claims(text), [q("The firm bought the park in 2021 and raised rents by 38%", "court filings")]);
}

#[test]
fn a_nickname_in_quotes_inside_a_name() {
    let text = "“We learned to play on that stage,” said drummer Della “Sparky” Maguire, 52.\n\
                \"We are ready,\" Anna \"Nan\" Walsh said.";
    assert_eq!(
        quotes(text),
        [q("We learned to play on that stage,", "Della Maguire"), q("We are ready,", "Anna Walsh")]
    );
    // the nickname itself is no quotation
    assert!(items(text).iter().any(|i| i.1 == "Sparky" && i.0 != AnnotationKind::Quote));
}

#[test]
fn a_court_rules_that() {
    let text = "The appeals court ruled that the county could not close the polling places.\n\
                A judge blocked the plan, ruling that residents would suffer “irreparable harm.”\n\
                The rules that could change the vote were shelved.";
    assert_eq!(
        claims(text),
        [
            q("the county could not close the polling places", "The appeals court"),
            q("residents would suffer “irreparable harm.”", "A judge"),
        ]
    );
    assert_eq!(quotes(text), [q("irreparable harm.", "A judge")]);
}

#[test]
fn a_noun_verb_after_its_subject_and_a_name_after_the() {
    // "calls" is the verb when an object follows it
    let text = "The mayor calls the project a “vibrant waterfront gateway.”";
    assert_eq!(quotes(text), [q("vibrant waterfront gateway.", "The mayor")]);
    // a name after "the" is no person for "he" to mean
    let text = "The Daily Planet shows the futility.\n\nFriday, he told reporters that the plan was “hiding.”";
    assert!(items(text).iter().all(|i| i.2.is_none()), "{:?}", items(text));
}

#[test]
fn kin_words_give_gender_and_companies_are_no_he() {
    // "his wife" is a she, "Harbor Homes LLC" never a he
    let text = "Harbor Homes LLC raised the rent. Tom Reyes lost his case. His wife came to the hearing.\n\
                \"We will fight this,\" she said.\n\n\
                Her husband said little. Asked how he felt, he said he was relieved.";
    let items = items(text);
    assert_eq!(quotes(text), [q("We will fight this,", "His wife")]);
    assert!(items.iter().all(|i| i.2.as_deref() != Some("Harbor Homes LLC")), "{items:?}");
    assert_eq!(claims(text).last(), Some(&q("he was relieved", "Her husband")));
}

#[test]
fn a_relative_clause_in_the_subject_and_in_the_content() {
    let text = "Preservation architects who have toured the building say its roof, which has leaked since \
                a 2019 storm, may not survive another winter.";
    assert_eq!(
        claims(text),
        [q("its roof, which has leaked since a 2019 storm, may not survive another winter", "Preservation architects")]
    );
}

#[test]
fn another_of_the_group_just_quoted() {
    let text = "The talks are early, people familiar with the matter said. \
                Another cautioned that the talks might fail.";
    assert_eq!(
        claims(text),
        [
            q("The talks are early", "people familiar with the matter"),
            q("the talks might fail", "people familiar with the matter"),
        ]
    );
}

#[test]
fn an_opening_phrase_without_a_verb_is_no_claim() {
    // the phrase before "X acknowledged" introduces the sentence; nothing was reported
    let text = "After the vote, Councillor Ana Ruiz acknowledged the defeat.\n\
                At the meeting on Friday night, the mayor said little.\n\
                In a panel discussion this weekend in Halifax, Ruiz told a student nothing.\n\
                The budget is broken, Ruiz said.";
    assert_eq!(claims(text), [q("The budget is broken", "Ana Ruiz")]);
}

#[test]
fn a_thought_is_no_claim_but_its_thinker_is_read() {
    // "believes", "fears", "hopes" report a state of mind, not something said; the thinker
    // is still who the next "he" means
    let text = "Katy Barnett said the vote was a relief.\n\
                Down the road, Mike Fadden believes the council should resign. \
                Dock workers feared the plan would cost them their jobs.\n\
                “What I want is a new start,” he said.";
    assert_eq!(claims(text), [q("the vote was a relief", "Katy Barnett")]);
    assert_eq!(quotes(text), [q("What I want is a new start,", "Mike Fadden")]);
}
