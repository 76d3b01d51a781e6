//! A generated test corpus with known families: originals about invented events, copies with
//! boilerplate changed, spun copies at several substitution rates, passages quoted inside blog
//! posts, and independent articles that report the same invented facts in their own words.
//! Every person and event is invented; the places are real mining districts.

use attest_domain::SeededRng;

use crate::Document;

const PLACES: &[&str] = &["Aoji", "Tanchon", "Hoeryong", "Musan", "Komdok", "Onsong", "Kilju", "Ryongyang"];
const SURNAMES: &[&str] = &["Kim", "Ri", "Pak", "Choe", "Jong", "Han", "Kang", "Yun"];
const GIVEN_FIRST: &[&str] =
    &["Chol", "Myong", "Kwang", "Song", "Ok", "Yong", "Hyok", "Kum", "Chun", "Hak", "Sun", "Il", "Tae", "Ki"];
const GIVEN_SECOND: &[&str] =
    &["su", "hui", "il", "ho", "sun", "nam", "chol", "ok", "ran", "bong", "gil", "sok", "hwa", "jin"];
const ACTS: &[(&str, &str)] = &[
    ("collapse", "a tunnel collapsed"),
    ("explosion", "a gas explosion tore through a shaft"),
    ("flood", "water flooded the lower galleries"),
];

/// Synonyms a spinner would use, both directions usable.
const SYNONYMS: &[(&str, &str)] = &[
    ("workers", "labourers"),
    ("miners", "diggers"),
    ("died", "perished"),
    ("said", "stated"),
    ("mine", "pit"),
    ("guards", "wardens"),
    ("families", "households"),
    ("prisoners", "captives"),
    ("killed", "slain"),
    ("trapped", "stuck"),
    ("survivors", "survivers"),
    ("officials", "authorities"),
    ("reported", "stated"),
    ("former", "ex"),
    ("village", "settlement"),
    ("forced", "compelled"),
    ("work", "labour"),
    ("hours", "stretches"),
    ("food", "rations"),
    ("little", "scant"),
    ("told", "informed"),
    ("escaped", "fled"),
    ("children", "youngsters"),
    ("daily", "everyday"),
    ("accident", "mishap"),
    ("bodies", "remains"),
    ("hidden", "concealed"),
    ("witness", "eyewitness"),
    ("recalled", "remembered"),
    ("shaft", "passage"),
    ("managers", "bosses"),
    ("ordered", "instructed"),
    ("silent", "quiet"),
    ("remained", "stayed"),
    ("many", "numerous"),
    ("large", "big"),
    ("small", "tiny"),
    ("began", "started"),
    ("still", "yet"),
    ("later", "afterwards"),
    ("people", "persons"),
    ("coal", "anthracite"),
    ("dangerous", "hazardous"),
    // The descriptive vocabulary too: spinners swap every common word they have a synonym for.
    ("narrow", "tight"),
    ("old", "aged"),
    ("cold", "chilly"),
    ("remote", "isolated"),
    ("crowded", "packed"),
    ("damp", "moist"),
    ("distant", "faraway"),
    ("unlit", "dark"),
    ("steep", "sheer"),
    ("busy", "bustling"),
    ("bleak", "dreary"),
    ("muddy", "miry"),
    ("deep", "profound"),
    ("frozen", "icy"),
    ("stood", "rested"),
    ("waited", "lingered"),
    ("lay", "reclined"),
    ("leaned", "tilted"),
    ("stretched", "extended"),
    ("rattled", "clattered"),
    ("flickered", "wavered"),
    ("echoed", "resounded"),
    ("crumbled", "disintegrated"),
    ("rusted", "corroded"),
    ("creaked", "squeaked"),
    ("dripped", "trickled"),
    ("shone", "gleamed"),
    ("sagged", "drooped"),
    ("froze", "stiffened"),
    ("quietly", "silently"),
    ("endlessly", "ceaselessly"),
    ("badly", "poorly"),
    ("slowly", "gradually"),
    ("nightly", "nocturnally"),
    ("openly", "publicly"),
    ("barely", "scarcely"),
    ("always", "constantly"),
    ("rarely", "seldom"),
    ("often", "frequently"),
    ("loudly", "noisily"),
    ("softly", "gently"),
    ("wearily", "tiredly"),
    ("grimly", "sternly"),
    ("galleries", "tunnels"),
    ("barracks", "quarters"),
    ("roads", "routes"),
    ("storerooms", "depots"),
    ("checkpoints", "posts"),
    ("workshops", "shops"),
    ("canteens", "messes"),
    ("stairways", "staircases"),
    ("sheds", "huts"),
    ("wells", "boreholes"),
    ("yards", "courts"),
    ("lamps", "lanterns"),
    ("carts", "wagons"),
    ("fences", "barriers"),
];

const F_ADJ: &[&str] = &[
    "Narrow", "Old", "Cold", "Remote", "Crowded", "Damp", "Distant", "Unlit", "Steep", "Silent", "Busy", "Bleak",
    "Muddy", "Deep", "Frozen",
];
const F_NOUN: &[&str] = &[
    "galleries",
    "barracks",
    "roads",
    "storerooms",
    "checkpoints",
    "workshops",
    "canteens",
    "stairways",
    "sheds",
    "wells",
    "yards",
    "lamps",
    "carts",
    "pumps",
    "fences",
];
const F_VERB: &[&str] = &[
    "stood",
    "waited",
    "lay",
    "leaned",
    "stretched",
    "rattled",
    "flickered",
    "echoed",
    "crumbled",
    "rusted",
    "creaked",
    "dripped",
    "shone",
    "sagged",
    "froze",
];
const F_ADV: &[&str] = &[
    "quietly",
    "endlessly",
    "badly",
    "slowly",
    "daily",
    "nightly",
    "openly",
    "barely",
    "always",
    "rarely",
    "often",
    "loudly",
    "softly",
    "wearily",
    "grimly",
];
const F_PREP: &[&str] = &["beside", "behind", "beyond", "near", "under", "above", "along", "across", "around", "below"];
/// `true` with probability `p` to one part in ten thousand: the corpus's own resolution (the
/// shared generator's [`SeededRng::chance`] has a finer one), kept so the corpus, and every figure
/// measured on it, stays as it was generated.
fn chance(rng: &mut SeededRng, p: f64) -> bool {
    rng.below(10_000) as f64 / 10_000.0 < p
}

struct Event {
    place: String,
    year: u32,
    count: u32,
    survivors: u32,
    witness: String,
    act: (&'static str, &'static str),
}

/// Syllables of invented words: real articles draw on tens of thousands of words, and a
/// benchmark corpus with a few hundred would make unrelated articles share runs of words.
const SYLLABLES: &[&str] =
    &["ka", "lo", "mi", "ren", "tu", "sa", "vor", "bel", "dri", "nak", "pe", "sil", "gor", "tam", "wen", "zu"];

/// An invented word of two or three syllables (4,352 in all).
fn invented(rng: &mut SeededRng) -> String {
    let n = 2 + rng.below(2);
    (0..n).map(|_| rng.pick(SYLLABLES)).collect()
}

/// A descriptive sentence from independent word choices, with an invented word at least every
/// fourth word, so unrelated articles rarely share a run of five words by chance (as with the
/// rich vocabulary of real articles).
fn filler(rng: &mut SeededRng) -> String {
    let mut first = invented(rng);
    first[..1].make_ascii_uppercase();
    format!(
        "{first} {} {} {} {} {} {} the {} {}.",
        rng.pick(F_ADJ).to_lowercase(),
        rng.pick(F_NOUN),
        rng.pick(F_VERB),
        invented(rng),
        rng.pick(F_ADV),
        rng.pick(F_PREP),
        invented(rng),
        rng.pick(F_NOUN),
    )
}

/// Filler sentences until `text` reaches `min_chars`.
fn pad(mut text: String, min_chars: usize, rng: &mut SeededRng) -> String {
    while text.len() < min_chars {
        text.push(' ');
        text.push_str(&filler(rng));
    }
    text
}

/// Korean spellings of the generator's places and name parts, for translated passages.
const KO_PLACES: &[(&str, &str)] = &[
    ("Aoji", "아오지"),
    ("Tanchon", "단천"),
    ("Hoeryong", "회령"),
    ("Musan", "무산"),
    ("Komdok", "검덕"),
    ("Onsong", "온성"),
    ("Kilju", "길주"),
    ("Ryongyang", "룡양"),
];

/// A short passage of an article about `e`, translated into Korean, quoted in a Korean blog post.
fn translated_passage(e: &Event, rng: &mut SeededRng) -> String {
    let place = KO_PLACES.iter().find(|(en, _)| *en == e.place).map_or(e.place.as_str(), |(_, ko)| ko);
    let act = match e.act.0 {
        "collapse" => "갱도가 무너져",
        "explosion" => "가스 폭발이 일어나",
        _ => "갱도가 물에 잠겨",
    };
    format!(
        "{} 한 보도에 따르면 \"{}년 {} 탄광에서 {} 광부 {}명이 지하에 갇혔고, 그 가운데 {}명만 살아서 나왔다. 증인 {}은 경비원들이 가족들에게 침묵하라고 명령했다고 말했다.\" {}",
        filler(rng),
        e.year,
        place,
        act,
        e.count,
        e.survivors,
        e.witness,
        filler(rng)
    )
}

/// An article about `e` in one of three house styles (different sentence structures).
fn article(e: &Event, style: usize, rng: &mut SeededRng) -> Vec<String> {
    let mut s = match style % 3 {
        0 => vec![
            format!(
                "In {}, {} at the {} coal mine, and {} workers were trapped underground.",
                e.year, e.act.1, e.place, e.count
            ),
            format!("Only {} of them were brought out alive, according to a former miner.", e.survivors),
            format!(
                "The witness, {}, said that guards ordered the families to remain silent about the {}.",
                e.witness, e.act.0
            ),
            format!("{} recalled that the bodies were hidden and that work began again the next day.", e.witness),
            "Prisoners of war and their children were among the dead, the witness told us.".to_string(),
        ],
        1 => vec![
            format!("{} miners were caught below ground when {} near {} in {}.", e.count, e.act.1, e.place, e.year),
            format!("Survivors numbered {}, a figure that officials never confirmed.", e.survivors),
            format!("Speaking to our reporter, {} described how managers told households to say nothing.", e.witness),
            format!(
                "According to {}, production resumed within hours while remains were still underground.",
                e.witness
            ),
            "Descendants of prisoners of war made up much of the workforce, the account suggests.".to_string(),
        ],
        _ => vec![
            format!("It was {} when {} in the {} pit.", e.year, e.act.1, e.place),
            format!("Of the {} people underground that day, {} survived.", e.count, e.survivors),
            format!(
                "{} escaped years later and now lives in the South; the account cannot be independently verified.",
                e.witness
            ),
            format!("Families, {} says, were warned that speaking of the deaths would be punished.", e.witness),
            "Many of those who died came from families of former soldiers held since the war.".to_string(),
        ],
    };
    // Writers vary their words: each article draws its own wording from the synonym pairs, so
    // two unrelated articles in one house style do not share long runs of words.
    for sentence in s.iter_mut() {
        *sentence = spin(sentence, 0.5, rng);
    }
    for _ in 0..3 {
        let at = rng.below(s.len() + 1);
        s.insert(at, filler(rng));
    }
    s
}

fn spin(text: &str, rate: f64, rng: &mut SeededRng) -> String {
    text.split(' ')
        .map(|w| {
            let bare: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
            let lower = bare.to_lowercase();
            let swap = SYNONYMS.iter().find_map(|(a, b)| {
                if *a == lower {
                    Some(*b)
                } else if *b == lower {
                    Some(*a)
                } else {
                    None
                }
            });
            match swap {
                Some(s) if chance(rng, rate) => w.replace(&bare, s),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One generated document with its true family (documents of one family derive from one
/// original).
pub struct Labelled {
    /// The document.
    pub doc: Document,
    /// True family.
    pub family: usize,
    /// What it is: original, copy, spun-30, partial, independent...
    pub kind: &'static str,
}

/// Generates `events` invented events, each with an original, copies, spun copies (30, 50 and 70 %
/// of swappable words), a quotation, and an independent article about the same facts.
pub fn generate(events: usize, seed: u64) -> Vec<Labelled> {
    let mut out = Vec::new();
    generate_with(&Options { events, seed, min_chars: 0, translations: false }, |l| out.push(l));
    out
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Invented events (8 documents each, 9 with translations).
    pub events: usize,
    /// Seed.
    pub seed: u64,
    /// Articles are padded with descriptive sentences to at least this many bytes (5,000 gives
    /// the ~5 KB documents of the scale benchmark).
    pub min_chars: usize,
    /// Add a Korean blog post quoting a translated passage of each original (same family).
    pub translations: bool,
}

/// Generates documents one at a time (a million documents need not be held at once).
pub fn generate_with(o: &Options, mut emit: impl FnMut(Labelled)) {
    let mut rng = SeededRng::new(o.seed);
    let mut family = 0;
    let mut count = 0usize;
    for n in 0..o.events {
        // Real mining districts first; beyond them invented ones, so that unrelated events rarely
        // share place, act and figures (a collision makes two stories word-for-word alike).
        let place = if chance(&mut rng, 0.3) {
            rng.pick(PLACES).to_string()
        } else {
            let mut name = invented(&mut rng);
            name[..1].make_ascii_uppercase();
            name
        };
        let e = Event {
            place,
            year: 1960 + rng.below(60) as u32,
            count: 10 + rng.below(400) as u32,
            survivors: 1 + rng.below(40) as u32,
            witness: format!("{} {}-{}", rng.pick(SURNAMES), rng.pick(GIVEN_FIRST), rng.pick(GIVEN_SECOND)),
            act: rng.pick(ACTS),
        };
        let style = rng.below(3);
        let original = pad(article(&e, style, &mut rng).join(" "), o.min_chars, &mut rng);
        let day = |d: u32| Some(format!("2020-{:02}-{:02}", 1 + (n % 12), 1 + d));
        let mut push = |text: String, kind: &'static str, fam: usize, published: Option<String>| {
            count += 1;
            emit(Labelled { doc: Document { id: format!("doc{count:05}"), text, published }, family: fam, kind });
        };
        push(original.clone(), "original", family, day(0));
        push(
            format!("Breaking news. {original} Share this story. Follow us for more reports from the region."),
            "copy",
            family,
            day(1),
        );
        push(
            format!(
                "{original} Related: more stories about North Korea. Copyright all rights reserved. Visit cheap-pills.example for deals."
            ),
            "copy",
            family,
            day(2),
        );
        for (rate, kind) in [(0.3, "spun-30"), (0.5, "spun-50"), (0.7, "spun-70")] {
            push(spin(&original, rate, &mut rng), kind, family, day(3));
        }
        let sentences: Vec<&str> = original.split_inclusive(". ").collect();
        let quote: String = sentences.iter().skip(1).take(3).copied().collect();
        let blog = format!(
            "{} {} As one report put it: \"{}\" {} {}",
            filler(&mut rng),
            filler(&mut rng),
            quote.trim(),
            filler(&mut rng),
            filler(&mut rng)
        );
        push(pad(blog, o.min_chars, &mut rng), "partial", family, day(4));
        if o.translations {
            let post = translated_passage(&e, &mut rng);
            push(pad(post, o.min_chars, &mut rng), "translation", family, day(4));
        }
        family += 1;
        // An independent report of the same facts, in another house style.
        let independent = pad(article(&e, style + 1, &mut rng).join(" "), o.min_chars, &mut rng);
        push(independent, "independent", family, day(5));
        family += 1;
    }
}
