//! What a button does, as a type: written to its `data-act` by `as_str` and read back by
//! `parse`, so one delegated click handler per panel dispatches on a `match` the compiler
//! checks instead of on strings. [`Act`] holds the actions the app and the widget share
//! (reviewing the selected annotation, exporting); each declares its own for the rest with
//! [`actions!`](crate::actions), the one place an action's string is written.
//!
//! Every enum the macro declares is checked when it compiles (its names are distinct, plain
//! `[a-z0-9-]` words, so a CSS selector can be built from them unescaped), and reads back
//! through one shared search ([`index_of`]): a new enum adds a table, not code.

/// An action enum declared by [`actions!`](crate::actions), for code that takes any of them
/// (the element builder's `data-act`, the click handlers' reading of it).
pub trait Action: Copy + 'static {
    /// Every action, in declaration order.
    const ALL: &'static [Self];
    /// Their `data-act` values, in the same order.
    const NAMES: &'static [&'static str];

    /// The `data-act` value.
    fn as_str(self) -> &'static str;

    /// The action a `data-act` value names (`None`: not one of this enum's).
    fn parse(s: &str) -> Option<Self> {
        Self::at(index_of(Self::NAMES, s)?)
    }

    /// The action at `i` in [`Action::ALL`].
    fn at(i: usize) -> Option<Self> {
        Self::ALL.get(i).copied()
    }
}

/// Where `s` stands in `names`: the one search behind every enum's `parse` (not generic and
/// not inlined, so each enum costs the wasm only its table).
#[inline(never)]
pub fn index_of(names: &[&str], s: &str) -> Option<usize> {
    names.iter().position(|n| *n == s)
}

/// Whether `names` can be action names: each non-empty, of `a`–`z`, `0`–`9` and `-`, and no
/// two alike. Run at compile time by [`actions!`](crate::actions).
pub const fn valid_names(names: &[&str]) -> bool {
    let mut i = 0;
    while i < names.len() {
        let a = names[i].as_bytes();
        if a.is_empty() {
            return false;
        }
        let mut k = 0;
        while k < a.len() {
            if !matches!(a[k], b'a'..=b'z' | b'0'..=b'9' | b'-') {
                return false;
            }
            k += 1;
        }
        let mut j = 0;
        while j < i {
            if same(a, names[j].as_bytes()) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// Declares an action enum: each variant with its `data-act` string, written once. It gets
/// `ALL` (in declaration order), `as_str` (an index into the string table), `parse` (through
/// [`index_of`]) and [`Action`]; a build fails on a repeated or malformed name.
///
/// ```
/// quotelens_dom::actions! {
///     /// A toy panel's actions.
///     pub enum Toy { Open = "open", SaveAs = "save-as" }
/// }
/// assert_eq!(Toy::SaveAs.as_str(), "save-as");
/// assert_eq!(Toy::parse("open"), Some(Toy::Open));
/// assert_eq!(Toy::parse("Open"), None);
/// ```
///
/// A name given twice, or one a selector would have to escape, does not compile:
///
/// ```compile_fail
/// quotelens_dom::actions! { enum Twice { A = "same", B = "same" } }
/// ```
///
/// ```compile_fail
/// quotelens_dom::actions! { enum Quoted { A = "a\"b" } }
/// ```
#[macro_export]
macro_rules! actions {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every action, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const NAMES: &'static [&'static str] = &[$($text),+];

            /// The `data-act` value.
            pub fn as_str(self) -> &'static str {
                Self::NAMES[self as usize]
            }

            /// The action a `data-act` value names (`None`: not one of these).
            pub fn parse(s: &str) -> Option<$name> {
                <$name as $crate::act::Action>::parse(s)
            }
        }

        impl $crate::act::Action for $name {
            const ALL: &'static [$name] = $name::ALL;
            const NAMES: &'static [&'static str] = $name::NAMES;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        // `as_str` indexes the table by discriminant: `ALL` must list the variants in order
        const _: () = {
            assert!($crate::act::valid_names($name::NAMES), "action names must be distinct [a-z0-9-] words");
            let mut i = 0;
            while i < $name::ALL.len() {
                assert!($name::ALL[i] as usize == i);
                i += 1;
            }
        };
    };
}

crate::actions! {
    /// A shared action.
    pub enum Act {
        /// Selects (or, again, unselects) the annotation the button stands for.
        Select = "select",
        Accept = "accept",
        Reject = "reject",
        /// Back to "suggested".
        Reset = "reset",
        Delete = "delete",
        /// Downloads the document as Quotelens JSON.
        ExportNative = "export-native",
        /// Downloads the annotations as W3C Web Annotation JSON-LD.
        ExportW3c = "export-w3c",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::actions! {
        /// Names that share prefixes and a name with [`Act`] (each enum is read on its own).
        enum Other { A = "a", Ab = "ab", Delete = "delete", X9 = "x-9" }
    }

    /// Every action of `all` reads back as itself, and its names are distinct.
    fn round_trip<A: Action + PartialEq + std::fmt::Debug>(all: &[A]) {
        for a in all {
            assert_eq!(A::parse(a.as_str()), Some(*a));
        }
        let names: std::collections::HashSet<&str> = all.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), all.len());
    }

    #[test]
    fn every_action_reads_back_and_others_are_left_to_the_caller() {
        round_trip(Act::ALL);
        round_trip(Other::ALL);
        assert_eq!(Act::ALL.len(), 7);
        assert_eq!(Act::ExportW3c.as_str(), "export-w3c");
        for other in ["", "toggle", "Accept", "accept ", "native", "a"] {
            assert_eq!(Act::parse(other), None, "{other:?}");
        }
        assert_eq!(Other::parse("ab"), Some(Other::Ab));
        assert_eq!(Other::parse("delete"), Some(Other::Delete));
        assert_eq!(Other::parse("abc"), None);
        assert_eq!(Other::X9.as_str(), "x-9");
    }

    #[test]
    fn malformed_or_repeated_names_are_refused() {
        assert!(valid_names(&["select", "export-w3c", "x9"]));
        assert!(valid_names(&[]));
        for bad in [&["a", "b", "a"][..], &[""], &["Accept"], &["a b"], &["a\"]"], &["ab", "b", "ab"]] {
            assert!(!valid_names(bad), "{bad:?}");
        }
        assert_eq!(index_of(&["x", "y"], "y"), Some(1));
        assert_eq!(index_of(&["x", "y"], "z"), None);
    }
}
