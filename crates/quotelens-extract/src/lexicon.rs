//! Word lists the rules consult: cue verbs, titles, group nouns, pronouns, abbreviations.
//!
//! Kept in one place so that a rule reads as grammar ("a cue verb preceded by a source noun
//! phrase") and the vocabulary can grow without touching the rules. All entries are lower case.
//!
//! Short lists asked about many words are matched as bytes (`b"has"`): byte patterns compile
//! to a decision on the length and the letters, `str` patterns to a comparison per entry.
//!
//! The long lists, read once to build their sets, are one string of words separated by spaces
//! (see [`words`]): as a `&[&str]` every entry would also cost a pointer and a length, 8 bytes
//! in the WebAssembly bundles, more than most words.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Speech and reporting verbs in every inflection, mapped to nothing: membership is what counts.
/// `according` is handled as the phrase "according to".
pub const CUE_VERBS: &str = "\
    say says said saying tell tells told telling add adds added adding warn warns warned warning insist \
    insists insisted insisting write writes wrote writing written tweet tweets tweeted tweeting post posted \
    claim claims claimed claiming argue argues argued arguing assert asserts asserted asserting state \
    states stated declare declares declared declaring announce announces announced announcing explain \
    explains explained explaining note notes noted noting suggest suggests suggested suggesting speculate \
    speculates speculated reiterate reiterates reiterated reiterating caution cautions cautioned cautioning \
    accuse accuses accused accusing deny denies denied denying admit admits admitted admitting acknowledge \
    acknowledges acknowledged acknowledging confirm confirms confirmed confirming stress stresses stressed \
    stressing emphasize emphasizes emphasized emphasise emphasised predict predicts predicted predicting \
    estimate estimates estimated report reports reported reporting believe believes believed think thinks \
    thought contend contends contended maintain maintains maintained allege alleges alleged complain \
    complains complained promise promises promised promising pledge pledges pledged vow vows vowed vowing \
    threaten threatens threatened urge urges urged urging ask asks asked reply replies replied respond \
    responds responded answer answered recall recalls recalled boast boasted concede concedes conceded \
    agree agreed observe observed remark remarked quip quipped joke joked shout shouted yell yelled \
    continue continued testify testified conclude concluded find found show shows showed indicate indicates \
    indicated reveal revealed fear fears feared hope hopes hoped expect expects expected worry worries \
    worried describe described describes call calls called calling express expressed expresses question \
    questioned charge charged counter countered demand demanded blame blamed insinuate hint hinted inform \
    informed recount recounted mention mentioned wonder wondered tout touted dismiss dismissed brag bragged ";

/// Cue verbs that report speech outright: strong enough to attribute a quote that stands
/// right next to them, and to start a claim.
pub const SPEECH_VERBS: &str = "\
    say says said saying tell tells told telling add adds added adding warn warns warned warning insist \
    insists insisted write writes wrote tweet tweets tweeted posted claim claims claimed argue argues \
    argued assert asserted asserts declare declared declares announce announced announces explain explained \
    explains note noted notes suggest suggested suggests speculate speculated reiterate reiterated caution \
    cautioned accuse accused accuses deny denied denies admit admitted admits acknowledge acknowledged \
    acknowledges confirm confirmed confirms stress stressed emphasized emphasised predict predicted \
    predicts estimate estimated estimates report reported reports believe believes believed contend \
    contended contends maintain maintained maintains allege alleged alleges complain complained complains \
    promise promised promises pledge pledged vow vowed vows threaten threatened urge urged urges ask asked \
    reply replied respond responded recall recalled recalls boasted concede conceded quipped joked shouted \
    yelled continued testified concluded stated states countered charged remarked observed recounted \
    mentioned wondered touted bragged think thinks thought expressed described calling called insisting \
    arguing claiming noting explaining suggesting warning vowing promising urging accusing denying stating \
    declaring asking answering answered says fear fears feared hope hopes expects expect worries worry \
    worried indicated indicates showed shows found finds revealed reveals speculate speculates demanded \
    demands sings sang asks chanted texted emailed insists tweeting posting writing telling adds warns \
    argues writes reads read commented comments commenting exclaimed echoed proclaimed retorted mused wrote \
    scoffed snapped whispered sighed cautions spoke spoken ";

/// Base forms: a singular noun phrase before them is not their subject ("a Trump tweet").
pub fn is_base_form(w: &str) -> bool {
    matches!(
        w,
        "say"
            | "tell"
            | "tweet"
            | "post"
            | "claim"
            | "report"
            | "note"
            | "warn"
            | "add"
            | "argue"
            | "state"
            | "charge"
            | "counter"
            | "answer"
            | "ask"
            | "question"
            | "estimate"
            | "demand"
            | "fear"
            | "hope"
            | "expect"
            | "worry"
            | "believe"
            | "think"
    )
}

/// Verbs after which a claim may follow directly ("X said C"), with an optional "that".
pub fn is_claim_verb(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    // "point" is a cue only in "point out" (see attribution::Sent)
    // "ruled" is a cue only before "that" (see attribution::Sent)
    matches!(w.as_bytes(), b"point" | b"points" | b"pointed" | b"pointing" | b"ruled" | b"ruling")
        || SET.get_or_init(|| set(SPEECH_VERBS)).contains(w)
            && !matches!(
                w.as_bytes(),
                b"ask"
                    | b"asked"
                    | b"asking"
                    | b"reply"
                    | b"replied"
                    | b"respond"
                    | b"responded"
                    | b"answered"
                    | b"answering"
                    | b"calling"
                    | b"called"
                    | b"expressed"
                    | b"described"
                    | b"continued"
                    | b"urge"
                    | b"urged"
                    | b"urges"
                    | b"urging"
                    | b"shouted"
                    | b"yelled"
                    | b"quipped"
                    | b"joked"
                    | b"recall"
                    | b"recalled"
                    | b"recalls"
                    | b"posted"
                    | b"tweeted"
                    | b"tweets"
                    | b"read"
                    | b"reads"
                    | b"exclaimed"
                    | b"scoffed"
                    | b"snapped"
                    | b"whispered"
                    | b"sighed"
                    | b"mused"
                    | b"retorted"
                    | b"echoed"
                    | b"showed"
                    | b"shows"
                    | b"found"
                    | b"finds"
                    | b"indicated"
                    | b"indicates"
                    | b"revealed"
                    | b"reveals"
                    | b"demanded"
                    | b"demands"
                    | b"sings"
                    | b"sang"
                    | b"chanted"
                    | b"commented"
                    | b"comments"
                    | b"commenting"
                    | b"proclaimed"
                    | b"spoke"
                    | b"spoken"
            )
}

/// A multiply-rotate hash over eight bytes at a time (as rustc's FxHash): the word sets are
/// looked up for every token, most words fit in one or two steps, and SipHash's protection
/// against hostile keys buys nothing for a fixed vocabulary.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5).rotate_left(23);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // the table takes its bucket from the low bits and its tag from the top ones
        self.0 ^ (self.0 >> 29)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        // the last bytes in overlapping loads (as wyhash does), not a copy of any length; the
        // length tells apart the tails those loads read alike
        let rest = chunks.remainder();
        let n = rest.len();
        let tail = match n {
            0 => 0,
            1..=3 => rest[0] as u64 | (rest[n / 2] as u64) << 8 | (rest[n - 1] as u64) << 16,
            _ => {
                let word = |at: usize| u32::from_le_bytes(rest[at..at + 4].try_into().expect("four bytes")) as u64;
                word(0) | word(n - 4) << 32
            }
        };
        self.add(tail ^ ((n as u64) << 59));
    }
    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
}

type WordSet = HashSet<&'static str, BuildHasherDefault<WordHasher>>;

/// The words of a list written as one string, separated by spaces.
fn words(list: &'static str) -> std::str::SplitAsciiWhitespace<'static> {
    list.split_ascii_whitespace()
}

fn set(list: &'static str) -> WordSet {
    words(list).collect()
}

/// Any cue verb: the extraction asks this for every word, so it is a hash lookup.
pub fn is_cue_verb(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    w.len() <= 14
        && SET
            .get_or_init(|| Vocab::new(words(CUE_VERBS).chain(words(SPEECH_VERBS)).map(Into::into).collect()))
            .contains(w)
}

pub fn is_speech_verb(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    if !(3..=13).contains(&w.len()) || !w.as_bytes()[0].is_ascii_lowercase() {
        return false;
    }
    SET.get_or_init(|| Vocab::new(speech_forms())).contains(w)
}

/// A word set that answers most non-members without hashing: one bit per (first letter,
/// last and second byte mixed, length) of its members. The verb, title, group-noun and
/// non-name sets are asked about most tokens, and few tokens share all three with any member.
struct Vocab {
    words: HashSet<Box<str>, BuildHasherDefault<WordHasher>>,
    /// `shapes[first][mix]` has bit `len` set when a member has that shape.
    shapes: Box<[[u16; 128]; 26]>,
}

impl Vocab {
    fn of(list: &'static str) -> Vocab {
        Vocab::new(words(list).map(Into::into).collect())
    }

    fn new(words: HashSet<Box<str>, BuildHasherDefault<WordHasher>>) -> Vocab {
        let mut shapes = Box::new([[0u16; 128]; 26]);
        for (f, l, n) in words.iter().filter_map(|w| shape(w)) {
            shapes[f][l] |= 1 << n;
        }
        Vocab { words, shapes }
    }

    fn contains(&self, w: &str) -> bool {
        match shape(w) {
            Some((f, l, n)) if self.shapes[f][l] & (1 << n) == 0 => false,
            // a word with no shape (capitalised, long, non-ASCII at the end) is looked up
            _ => self.words.contains(w),
        }
    }
}

/// (first letter, mix, length) of a lower-case word shorter than 16 bytes, where the mix is
/// seven bits of its last and second bytes: words end in few letters, and the second byte
/// tells many apart ("and" from "add", "have" from "hail").
fn shape(w: &str) -> Option<(usize, usize, u32)> {
    let b = w.as_bytes();
    let (&first, &last) = (b.first()?, b.last()?);
    let second = b.get(1).copied().unwrap_or(0);
    (first.is_ascii_lowercase() && b.len() < 16)
        .then(|| ((first - b'a') as usize, ((last ^ second.rotate_left(3)) & 127) as usize, b.len() as u32))
}

/// The listed speech verbs and every word [`is_inflected_base`] accepts, in one set: asked of
/// every token, one lookup is cheaper than the up to five of trying each suffix. The
/// candidates are every suffix the inflection rule strips added to every base, kept only
/// when the rule itself accepts them, so the set holds exactly the words it did.
fn speech_forms() -> HashSet<Box<str>, BuildHasherDefault<WordHasher>> {
    let mut forms: HashSet<Box<str>, BuildHasherDefault<WordHasher>> = words(SPEECH_VERBS).map(Into::into).collect();
    for base in words(SPEECH_BASES) {
        // joined with `concat`, not `format!`: built once, but from hundreds of candidates
        let candidates = [(base, "s"), (base, "ed"), (base, "d"), (base, "ing")]
            .into_iter()
            .chain(base.strip_suffix('e').map(|stem| (stem, "ing")))
            .chain(base.strip_suffix('y').map(|stem| (stem, "ies")));
        for (stem, ending) in candidates {
            let w = [stem, ending].concat();
            if is_inflected_base(&w) {
                forms.insert(w.into_boxed_str());
            }
        }
    }
    forms
}

/// Another inflection of a listed base verb: responds, proclaims, assured, retorting. Checked
/// for every word, so without allocating: a stem plus a letter is built on the stack.
fn is_inflected_base(w: &str) -> bool {
    static BASES: OnceLock<WordSet> = OnceLock::new();
    let bases = BASES.get_or_init(|| set(SPEECH_BASES));
    let is_base = |b: &str| b.len() >= 3 && bases.contains(b);
    let plus = |stem: &str, c: u8| {
        let mut buf = [0u8; 16];
        if stem.len() >= buf.len() {
            return false;
        }
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[stem.len()] = c;
        std::str::from_utf8(&buf[..=stem.len()]).is_ok_and(is_base)
    };
    if let Some(b) = w.strip_suffix("ies") {
        return plus(b, b'y');
    }
    if let Some(b) = w.strip_suffix("ing") {
        return is_base(b) || plus(b, b'e');
    }
    w.strip_suffix('s').is_some_and(is_base)
        || w.strip_suffix("ed").is_some_and(is_base)
        || w.strip_suffix('d').is_some_and(is_base)
}

/// Is `w` (lower case) a form of the regular verb `base`: base, -s, -d/-ed, -ing, with a
/// final e dropped or a consonant doubled (describe → describing, slam → slammed)?
pub fn inflects(w: &str, base: &str) -> bool {
    if let Some(stem) = base.strip_suffix('e') {
        return w.strip_prefix(stem).is_some_and(|rest| matches!(rest, "e" | "es" | "ed" | "ing"));
    }
    let Some(rest) = w.strip_prefix(base) else {
        return false;
    };
    let last = base.as_bytes().last().copied().unwrap_or(0);
    matches!(rest, "" | "s" | "es" | "ed" | "ing")
        || (rest.as_bytes().first() == Some(&last) && matches!(&rest[1..], "ed" | "ing"))
}

/// Base forms whose every inflection reports speech.
const SPEECH_BASES: &str = concat!(
    "\
    criticize criticise praise denounce condemn decry say tell add warn insist write tweet claim argue \
    assert declare announce explain suggest reiterate caution accuse deny admit acknowledge confirm stress \
    emphasize predict contend maintain allege complain promise pledge vow threaten urge reply respond \
    recall boast concede quip joke shout yell testify counter remark recount mention wonder tout brag \
    proclaim assure exclaim retort muse scoff snap whisper sigh comment echo chant text email demand insist \
    inform reassure lament plead beg scream cry murmur mutter concur observe declare stipulate speculate \
    theorize posit opine conclude ",
    // manner of speaking: "“Go back,” she barked"
    "\
    bark growl snarl laugh gush fume crow taunt chide scold grumble marvel rave interject gripe sneer rant \
    agree speak ",
);

/// Words for the time of day or the day itself ("Tuesday", "tonight"): they stand between a
/// source and its verb and between a verb and its content without changing either.
pub fn is_day_word(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"morning"
            | b"afternoon"
            | b"evening"
            | b"night"
            | b"today"
            | b"yesterday"
            | b"tonight"
    )
}

/// Auxiliary and modal verbs.
pub fn is_auxiliary(w: &str) -> bool {
    matches!(
        w.as_bytes(),
        b"has"
            | b"have"
            | b"had"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"will"
            | b"would"
            | b"can"
            | b"could"
            | b"should"
            | b"may"
            | b"might"
            | b"must"
            | b"did"
            | b"does"
            | b"do"
            | b"been"
            | b"be"
    )
}

/// Titles and roles that precede a name ("Deputy Prime Minister Denis Manturov") and are
/// dropped from the speaker's name.
pub fn is_title(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(TITLES)).contains(w)
}

/// Titles and roles (see [`is_title`]).
const TITLES: &str = concat!(
    "\
    president vice prime minister deputy secretary senator sen sen. rep rep. representative gov gov. \
    governor mayor mr mr. mrs mrs. ms ms. dr dr. prof prof. professor judge justice chief general gen gen. \
    col. colonel lt. lieutenant sgt. sergeant capt. captain adm. admiral king queen prince princess pope \
    rev. reverend father sister brother speaker leader chairman chairwoman chair director spokesman \
    spokeswoman spokesperson commissioner ambassador envoy attorney lawyer coach manager ceo founder \
    officer chancellor foreign defense defence interior finance health justice' state acting former senior \
    top national security adviser advisor candidate nominee democratic republican gop u.s. u.n. sheriff \
    detective inspector superintendent councilman councilwoman councillor alderman assemblyman \
    assemblywoman congressman congresswoman lawmaker economist analyst executive official head commander \
    army navy police spokeswoman, premier house senate majority minority whip white press campaign \
    communications mrs.' dame sir lord lady undersecretary assistant associate special counsel agent pastor \
    rabbi imam bishop cardinal archbishop emir sheikh sultan marshal major private corporal president-elect \
    first sen.-elect supreme court district ",
    // occupations written before a name ("Political Editor Matthew Boyle", "billionaire Ann Roe")
    "\
    editor reporter correspondent host anchor columnist commentator billionaire businessman businesswoman \
    activist strategist pollster consultant researcher scientist author publisher ",
);

/// The post a title word names, for "the mayor" or "the premier" to find the person the
/// article introduced with it ("Surrey Mayor Doug McCallum"). `None` for the words that only
/// qualify a post (former, acting, deputy, state, …): "the former" names nobody. Abbreviations
/// give the word written out, so "Sen. Ann Roe" is "the senator".
pub fn role_of(w: &str) -> Option<&str> {
    let full = match w {
        "sen" | "sen." => "senator",
        "rep" | "rep." => "representative",
        "gov" | "gov." => "governor",
        "prof" | "prof." => "professor",
        "gen" | "gen." => "general",
        "col." => "colonel",
        "lt." => "lieutenant",
        "sgt." => "sergeant",
        "capt." => "captain",
        "adm." => "admiral",
        "rev." => "reverend",
        "dr" | "dr." => "doctor",
        _ if !is_title(w) || ROLE_QUALIFIERS.split_ascii_whitespace().any(|q| q == w) => return None,
        _ => w,
    };
    Some(full)
}

/// Title words that qualify a post rather than name one (see [`role_of`]).
const ROLE_QUALIFIERS: &str = "\
    vice prime deputy acting former senior top national security foreign defense defence interior \
    finance health justice' state u.s. u.n. democratic republican gop first white house senate press \
    campaign communications majority minority supreme court district army navy police mr mr. mrs mrs. \
    ms ms. sir lord lady dame special assistant associate private major chief head executive general \
    official officer spokeswoman, mrs.' sen.-elect president-elect";

/// Qualifiers after which a post is another one: the vice president is not the president.
pub fn is_exclusive_qualifier(w: &str) -> bool {
    matches!(w, "vice" | "deputy" | "former" | "assistant" | "associate" | "ex" | "under" | "lieutenant")
}

/// Short forms of two-word posts, as some outlets write them ("the CM", "the PM").
pub fn role_alias(w: &str) -> Option<&'static str> {
    match w {
        "cm" => Some("chief minister"),
        "pm" => Some("prime minister"),
        _ => None,
    }
}

/// Nouns for an organisation that "the company", "the agency" or "the utility" stands for:
/// the organisation the article named last. Other organisation nouns ("the ministry", "the
/// union") only stand for one whose name holds the noun ("the Interior Ministry").
pub fn is_generic_org_noun(w: &str) -> bool {
    matches!(
        w,
        "company"
            | "firm"
            | "corporation"
            | "agency"
            | "utility"
            | "carrier"
            | "airline"
            | "retailer"
            | "manufacturer"
            | "automaker"
            | "carmaker"
            | "insurer"
            | "lender"
            | "startup"
            | "start-up"
            | "broadcaster"
            | "publisher"
            | "giant"
            | "nonprofit"
            | "non-profit"
            | "developer"
            | "operator"
            | "maker"
            | "platform"
            | "organization"
            | "organisation"
    )
}

/// Honorifics that mark a person and, for some, a gender.
/// The gender a first name nearly always has in the news ("Ann", "David"), from
/// `lexicon/first_names_female.txt` and `lexicon/first_names_male.txt`; names borne by both
/// are in neither list.
pub fn first_name_gender(w: &str) -> Option<Gender> {
    static SETS: OnceLock<[WordSet; 2]> = OnceLock::new();
    let [female, male] = SETS.get_or_init(|| {
        let entries = |list: &'static str| -> WordSet {
            list.lines().map(|l| l.split('#').next().unwrap_or("").trim()).filter(|l| !l.is_empty()).collect()
        };
        [
            entries(include_str!("../lexicon/first_names_female.txt")),
            entries(include_str!("../lexicon/first_names_male.txt")),
        ]
    });
    if female.contains(w) {
        Some(Gender::Female)
    } else if male.contains(w) {
        Some(Gender::Male)
    } else {
        None
    }
}

pub fn honorific_gender(w: &str) -> Option<Gender> {
    match w.as_bytes() {
        b"mr" | b"mr." | b"sir" | b"king" | b"prince" | b"lord" | b"father" | b"brother" | b"congressman"
        | b"councilman" | b"assemblyman" | b"spokesman" | b"chairman" | b"businessman" | b"husband" | b"son"
        | b"grandfather" | b"uncle" | b"nephew" | b"widower" => Some(Gender::Male),
        b"mrs" | b"mrs." | b"ms" | b"ms." | b"miss" | b"dame" | b"queen" | b"princess" | b"lady" | b"sister"
        | b"congresswoman" | b"councilwoman" | b"assemblywoman" | b"spokeswoman" | b"chairwoman" | b"businesswoman"
        | b"wife" | b"daughter" | b"mother" | b"grandmother" | b"aunt" | b"niece" | b"widow" => Some(Gender::Female),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// Nouns that name a group or an institution that can speak ("officials", "the ministry").
pub fn is_group_noun(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(GROUP_NOUNS)).contains(w)
}

/// Group and institution nouns (see [`is_group_noun`]).
const GROUP_NOUNS: &str = "\
    officials official experts analysts economists scientists researchers critics supporters opponents \
    residents witnesses sources source authorities police prosecutors lawyers attorneys investigators \
    diplomats advisers advisors aides leaders lawmakers legislators senators democrats republicans \
    observers activists doctors medics spokesman spokeswoman spokesperson ministry department office agency \
    military army government media court council committee commission cabinet kremlin pentagon campaign \
    company firm group statement report study survey poll polls data figures others some many \
    administration party union board bank fund organization organisation spokespeople people voters \
    americans workers employees staff members team coalition service services forces regulators officers \
    teachers parents students farmers executives insiders strategists historians scholars forecasters \
    organizers organisers negotiators mediators rebels militants protesters demonstrators judges judge \
    newspaper network outlet outlets website institute center centre university hospital authority watchdog \
    regulator ngo charity association federation league club industry observatory mission embassy consulate \
    parliament congress senate house legislature spokespersons representatives delegates candidates \
    reporters journalists editors clinic lab laboratory unions groups companies agencies countries \
    governments states nations allies neighbors neighbours chief adviser advisor analyst expert economist \
    scientist researcher critic resident witness prosecutor lawyer attorney investigator diplomat aide \
    leader lawmaker ";

/// Nouns that head the name of an organisation ("the Chamber of Commerce").
pub fn is_org_head(w: &str) -> bool {
    matches!(
        w,
        "chamber"
            | "university"
            | "institute"
            | "department"
            | "bank"
            | "school"
            | "college"
            | "academy"
            | "society"
            | "league"
            | "museum"
            | "center"
            | "centre"
            | "foundation"
            | "bureau"
            | "commission"
            | "ministry"
            | "office"
            | "board"
            | "council"
            | "court"
            | "agency"
            | "association"
            | "federation"
            | "union"
            | "party"
            | "trust"
            | "fund"
            | "service"
            | "authority"
            | "company"
            | "corporation"
            | "group"
            | "coalition"
            | "alliance"
            | "organization"
            | "organisation"
            | "committee"
            | "hospital"
    )
}

/// Personal pronouns that can stand for a speaker, with what they tell of the antecedent.
pub fn pronoun(w: &str) -> Option<Pronoun> {
    match w {
        "he" | "him" | "his" => Some(Pronoun::He),
        "she" | "her" | "hers" => Some(Pronoun::She),
        "they" | "them" | "their" => Some(Pronoun::They),
        "it" | "its" => Some(Pronoun::It),
        "we" | "i" | "you" => Some(Pronoun::Other),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pronoun {
    He,
    She,
    They,
    It,
    Other,
}

/// Abbreviations whose period does not end a sentence.
pub fn is_abbreviation(w: &str) -> bool {
    w.len() <= 5
        && matches!(
            crate::words::lower(w).as_bytes(),
            b"mr"
                | b"mrs"
                | b"ms"
                | b"dr"
                | b"sen"
                | b"rep"
                | b"gov"
                | b"gen"
                | b"lt"
                | b"col"
                | b"sgt"
                | b"capt"
                | b"adm"
                | b"cmdr"
                | b"maj"
                | b"cpl"
                | b"pvt"
                | b"st"
                | b"ste"
                | b"mt"
                | b"ft"
                | b"jr"
                | b"sr"
                | b"prof"
                | b"rev"
                | b"hon"
                | b"pres"
                | b"supt"
                | b"det"
                | b"insp"
                | b"atty"
                | b"jan"
                | b"feb"
                | b"mar"
                | b"apr"
                | b"jun"
                | b"jul"
                | b"aug"
                | b"sep"
                | b"sept"
                | b"oct"
                | b"nov"
                | b"dec"
                | b"no"
                | b"nos"
                | b"vs"
                | b"v"
                | b"etc"
                | b"approx"
                | b"dept"
                | b"est"
                | b"fig"
                | b"inc"
                | b"corp"
                | b"co"
                | b"ltd"
                | b"bros"
                | b"ave"
                | b"blvd"
                | b"rd"
                | b"mass"
                | b"calif"
                | b"fla"
                | b"ill"
                | b"pa"
                | b"va"
                | b"wash"
                | b"ariz"
                | b"colo"
                | b"conn"
                | b"ga"
                | b"ky"
                | b"la"
                | b"md"
                | b"mich"
                | b"minn"
                | b"miss"
                | b"mo"
                | b"nev"
                | b"okla"
                | b"ore"
                | b"tenn"
                | b"tex"
                | b"wis"
                | b"ala"
                | b"ark"
                | b"del"
                | b"kan"
                | b"neb"
                | b"vt"
                | b"wyo"
                | b"al"
                | b"op"
                | b"ed"
        )
}

/// [`is_title`], [`is_non_name`] or [`is_group_noun`], in one lookup: a capitalised word is
/// asked all three to know whether it can be part of a name, and most names are in none.
pub fn is_title_non_name_or_group_noun(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| {
        Vocab::new(words(TITLES).chain(words(NON_NAMES)).chain(words(GROUP_NOUNS)).map(Into::into).collect())
    })
    .contains(w)
}

/// Words that are capitalised but never a source on their own.
pub fn is_non_name(w: &str) -> bool {
    static SET: OnceLock<Vocab> = OnceLock::new();
    SET.get_or_init(|| Vocab::of(NON_NAMES)).contains(w)
}

/// Capitalisable words that are not names (see [`is_non_name`]).
const NON_NAMES: &str = concat!(
    "\
    the a an but and or in on at after before when while as if so yet still meanwhile however asked \
    speaking earlier later also this that these those there here it he she they we i you his her their its \
    our my your monday tuesday wednesday thursday friday saturday sunday january february march april may \
    june july august september october november december according what who which why how where since for \
    with by from of to until instead now then today yesterday tomorrow not no yes both all each every few \
    several one two three because though although despite during under over without within do does did is \
    are was were be been ",
    // focus adverbs opening a sentence: "Even China said …" names China
    "\
    even only just perhaps indeed never ",
);

#[cfg(test)]
mod tests {

    #[test]
    fn first_names_tell_gender_and_no_name_is_both() {
        assert_eq!(first_name_gender("ruth"), Some(Gender::Female));
        assert_eq!(first_name_gender("david"), Some(Gender::Male));
        // names borne by both are in neither list; capitalised words are looked up lower-cased
        assert_eq!(first_name_gender("jordan"), None);
        assert_eq!(first_name_gender("Ruth"), None);
        let list = |t: &'static str| -> Vec<&'static str> {
            t.lines().map(|l| l.split('#').next().unwrap().trim()).filter(|l| !l.is_empty()).collect()
        };
        let female = list(include_str!("../lexicon/first_names_female.txt"));
        let male = list(include_str!("../lexicon/first_names_male.txt"));
        for n in &female {
            assert!(!male.contains(n), "{n} is in both first-name lists");
        }
        for n in female.iter().chain(&male) {
            assert!(n.bytes().all(|b| b.is_ascii_lowercase()), "{n:?}: first names are lower-case letters");
        }
    }
    use super::*;

    /// The one-set lookup answers as the list plus the inflection rule did, for every word of
    /// the sample article and every inflection-like form of every base.
    #[test]
    fn speech_forms_match_the_inflection_rule() {
        let listed = set(SPEECH_VERBS);
        let rule = |w: &str| {
            (3..=13).contains(&w.len())
                && w.as_bytes()[0].is_ascii_lowercase()
                && (listed.contains(w) || is_inflected_base(w))
        };
        let mut words: Vec<String> =
            crate::SAMPLE.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
        for b in super::words(SPEECH_BASES).chain(super::words(SPEECH_VERBS)) {
            for suffix in ["", "s", "d", "ed", "ing", "ies", "es", "y"] {
                words.push(format!("{b}{suffix}"));
                words.push(format!("{}{suffix}", &b[..b.len() - 1]));
            }
        }
        for w in &words {
            assert_eq!(is_speech_verb(w), rule(w), "{w}");
        }
    }

    #[test]
    fn regular_inflections() {
        for (w, base) in
            [("describe", "describe"), ("describing", "describe"), ("slammed", "slam"), ("dismisses", "dismiss")]
        {
            assert!(inflects(w, base), "{w} {base}");
        }
        for (w, base) in [("describ", "describe"), ("rated", "ratify"), ("slamx", "slam"), ("rat", "rate")] {
            assert!(!inflects(w, base), "{w} {base}");
        }
    }
}
