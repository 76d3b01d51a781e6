//! A gazetteer for matching the places of claims: each place with its parent (site in village in
//! county in province) and its aliases, and the site words people add or drop ("Jongori camp"
//! and "Jongori", "Aoji-ri" and "Aoji", 전거리 교화소 and Jongori, "Sorim market" and 소림 시장).
//!
//! Two places written differently are compared through [`Gazetteer::resolve`]: the same key means
//! the same place; a key among the other's ancestors means one lies inside the other (the coarser
//! claim may be about the finer place, which an analyst should confirm). The built-in entries are
//! a handful of well-known places; a case adds its own with [`Gazetteer::add`].

use std::collections::HashMap;

use crate::key::key;

/// Words that name the kind of site rather than the place, in English and Korean. Stripped from
/// the end of a name before its key is taken.
pub const SITE_WORDS: &[&str] = &[
    "coal mine",
    "mine",
    "camp",
    "market",
    "prison",
    "detention centre",
    "detention center",
    "holding centre",
    "village",
    "town",
    "county",
    "province",
    "city",
    "district",
    "kyohwaso",
    "kwalliso",
    "kuryujang",
    "guryujang",
    "교화소",
    "관리소",
    "구류장",
    "집결소",
    "보위부",
    "시장",
    "장마당",
    "탄광",
    "광산",
    "마을",
];

/// Administrative suffixes on the name itself: -gun (county), -si (city), -do (province), in
/// Latin and Hangul. -ri (village) and -dong (neighbourhood) are dropped from the key instead (see
/// [`site_key`]), which treats "Tongmae-ri", "Tongmaeri" and 통매리 alike.
const NAME_SUFFIXES: &[&str] = &["-gun", " gun", "-si", " si", "-do", " do", "군", "시", "도"];

/// The key of a place name without its site words and administrative suffix: "Kumdae camp",
/// "금대 교화소" and "Kumdae" share one, as do "Tongmae-ri", "통매리" and "Tongmae".
pub fn site_key(name: &str) -> String {
    let mut s = name.trim().to_lowercase();
    loop {
        let before = s.len();
        for w in SITE_WORDS {
            if let Some(rest) = s.strip_suffix(w) {
                let rest = rest.trim_end().trim_end_matches(['-', ' ']);
                if !rest.is_empty() {
                    s = rest.to_string();
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    for suffix in NAME_SUFFIXES {
        if let Some(rest) = s.strip_suffix(suffix)
            && rest.trim().chars().count() >= 2
        {
            s = rest.trim().to_string();
            break;
        }
    }
    // -ri and -dong, however written (Tongmae-ri, Tongmaeri, 통매리; Pyoldong, 별동): dropped
    // from the key when enough of it remains, so "Sori" keeps its "ri". Applied to every
    // spelling alike, so all of them agree.
    let k = key(&s);
    for suffix in ["li", "tong"] {
        if let Some(rest) = k.strip_suffix(suffix)
            && rest.len() >= 4
        {
            return rest.to_string();
        }
    }
    k
}

/// Built-in places: (id, parent id, aliases). Geography only; cases add their own places.
const BUILT_IN: &[(&str, Option<&str>, &[&str])] = &[
    ("north-hamgyong", None, &[]),
    ("south-hamgyong", None, &[]),
    ("south-pyongan", None, &[]),
    ("hoeryong", Some("north-hamgyong"), &[]),
    ("musan", Some("north-hamgyong"), &[]),
    ("onsong", Some("north-hamgyong"), &[]),
    ("kyongwon", Some("north-hamgyong"), &[]),
    ("aoji", Some("kyongwon"), &[]),
    ("kilju", Some("north-hamgyong"), &[]),
    ("myongchon", Some("north-hamgyong"), &[]),
    ("chongjin", Some("north-hamgyong"), &[]),
    ("undok", Some("north-hamgyong"), &[]),
    ("tanchon", Some("south-hamgyong"), &[]),
    ("komdok", Some("tanchon"), &[]),
    ("ryongyang", Some("tanchon"), &[]),
    ("hamhung", Some("south-hamgyong"), &[]),
    ("kowon", Some("south-hamgyong"), &[]),
    ("hochon", Some("south-hamgyong"), &[]),
    ("jongori", Some("hoeryong"), &["전거리", "jongori", "chongori", "chŏngŏri", "jeongeori", "jongo-ri"]),
    ("yodok", Some("south-hamgyong"), &["요덕", "yodok", "yodŏk", "yoduk"]),
    ("chungsan", Some("south-pyongan"), &["증산", "chungsan", "jeungsan", "chŭngsan"]),
];

/// One node of the gazetteer.
#[derive(Debug, Clone)]
struct Node {
    id: String,
    name: String,
    parent: Option<usize>,
}

/// Places with their hierarchy and aliases.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    nodes: Vec<Node>,
    /// Site key of every alias -> node.
    index: HashMap<String, usize>,
}

/// What a written place name resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedPlace {
    /// The place's key: a gazetteer id, or the site key of what was written.
    pub key: String,
    /// The keys of the places it lies in, nearest first.
    pub ancestors: Vec<String>,
    /// Found in the gazetteer (else only its spelling was normalised).
    pub known: bool,
}

impl ResolvedPlace {
    /// `self` lies inside `other` (strictly).
    pub fn within(&self, other: &ResolvedPlace) -> bool {
        self.ancestors.contains(&other.key)
    }
}

impl Gazetteer {
    /// The built-in places (provinces and well-known sites) with their parents.
    pub fn builtin() -> Gazetteer {
        let mut g = Gazetteer::default();
        for (id, parent, aliases) in BUILT_IN {
            let n = g.node(id, id);
            if let Some(p) = parent {
                let pn = g.node(p, p);
                g.nodes[n].parent = Some(pn);
            }
            for a in *aliases {
                g.index.entry(site_key(a)).or_insert(n);
            }
        }
        g
    }

    fn node(&mut self, id: &str, name: &str) -> usize {
        if let Some(i) = self.nodes.iter().position(|n| n.id == id) {
            return i;
        }
        self.nodes.push(Node { id: id.to_string(), name: name.to_string(), parent: None });
        let n = self.nodes.len() - 1;
        self.index.entry(site_key(id)).or_insert(n);
        n
    }

    /// Adds a case's place with its parent (added too when new) and aliases. A later entry for
    /// the same place adds aliases and sets the parent.
    pub fn add(&mut self, name: &str, parent: Option<&str>, aliases: &[String]) {
        let n = self.find_or_add(name);
        for a in aliases {
            self.index.insert(site_key(a), n);
        }
        if let Some(p) = parent {
            let pn = self.find_or_add(p);
            // Refuse a cycle: the parent must not already lie inside the place.
            let mut up = Some(pn);
            let mut steps = 0;
            while let Some(u) = up {
                if u == n || steps > 64 {
                    return;
                }
                up = self.nodes[u].parent;
                steps += 1;
            }
            self.nodes[n].parent = Some(pn);
        }
    }

    fn find_or_add(&mut self, name: &str) -> usize {
        let k = self.lookup_key(name);
        if let Some(&n) = self.index.get(&k) {
            return n;
        }
        let id = site_key(name);
        self.nodes.push(Node { id: id.clone(), name: name.trim().to_string(), parent: None });
        let n = self.nodes.len() - 1;
        self.index.insert(k, n);
        n
    }

    /// The key used to look a written name up: the built-in province table first (함북 is North
    /// Hamgyong), else the site key.
    fn lookup_key(&self, name: &str) -> String {
        let province = crate::places::place_key(name);
        if crate::places::PLACES.iter().any(|(id, _)| *id == province) {
            return site_key(&province);
        }
        site_key(name)
    }

    /// Resolves a written place: the most specific part (before any comma or parenthesis) is
    /// looked up by its site key.
    pub fn resolve(&self, written: &str) -> ResolvedPlace {
        let head = written.split(['(', ',', '/', ';']).next().unwrap_or("").trim();
        let head = if head.is_empty() { written.trim() } else { head };
        let k = self.lookup_key(head);
        match self.index.get(&k) {
            Some(&n) => {
                let mut ancestors = Vec::new();
                let mut up = self.nodes[n].parent;
                while let Some(u) = up {
                    if ancestors.len() > 64 {
                        break;
                    }
                    ancestors.push(self.nodes[u].id.clone());
                    up = self.nodes[u].parent;
                }
                ResolvedPlace { key: self.nodes[n].id.clone(), ancestors, known: true }
            }
            None => ResolvedPlace { key: k, ancestors: Vec::new(), known: false },
        }
    }

    /// The name a key was added under, for explanations.
    pub fn name_of(&self, key: &str) -> Option<&str> {
        self.nodes.iter().find(|n| n.id == key).map(|n| n.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_words_and_suffixes_are_dropped() {
        for group in [
            &["Kumdae camp", "Kumdae", "금대 교화소", "금대", "Kumdae Kyohwaso"][..],
            &["Tongmae-ri", "Tongmae", "통매리", "Tongmaeri", "Tongmae ri"],
            &["Sorim market", "소림 시장", "Sorim"],
        ] {
            for p in &group[1..] {
                assert_eq!(site_key(p), site_key(group[0]), "{} vs {p}", group[0]);
            }
        }
        assert_ne!(site_key("Sori"), site_key("So"), "a short name keeps its ri");
        assert_ne!(site_key("Sorim"), site_key("Namgol"));
    }

    #[test]
    fn built_in_aliases_and_hierarchy() {
        let g = Gazetteer::builtin();
        let jongori = g.resolve("Jongori camp");
        assert_eq!(g.resolve("전거리 교화소"), jongori);
        assert_eq!(g.resolve("Chongori"), jongori);
        assert!(jongori.ancestors.contains(&"hoeryong".to_string()));
        assert!(jongori.ancestors.contains(&"north-hamgyong".to_string()));
        let province = g.resolve("함북");
        assert!(jongori.within(&province));
        assert!(!province.within(&jongori));
        assert_eq!(g.resolve("Aoji-ri").key, g.resolve("Aoji").key);
    }

    #[test]
    fn a_case_adds_places_with_parents_and_aliases() {
        let mut g = Gazetteer::builtin();
        g.add("Kumdae camp", Some("Tongmae-ri"), &["Camp 9".to_string()]);
        g.add("Tongmae-ri", Some("Soktam county"), &[]);
        let camp = g.resolve("Camp 9");
        assert_eq!(camp.key, g.resolve("금대 교화소").key);
        assert!(camp.within(&g.resolve("Soktam county")));
        assert!(camp.within(&g.resolve("Tongmae")));
        // A cycle is refused.
        g.add("Soktam county", Some("Kumdae"), &[]);
        assert!(!g.resolve("Soktam").within(&camp));
    }
}
