//! What a button does, as a type: written to its `data-act` by [`Act::as_str`] and read back by
//! [`Act::parse`], so one delegated click handler per panel dispatches on a `match` the
//! compiler checks instead of on strings. These are the actions the app and the widget share
//! (reviewing the selected annotation, exporting); each keeps its own for the rest.

/// A shared action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Selects (or, again, unselects) the annotation the button stands for.
    Select,
    Accept,
    Reject,
    /// Back to "suggested".
    Reset,
    Delete,
    /// Downloads the document as Quotelens JSON.
    ExportNative,
    /// Downloads the annotations as W3C Web Annotation JSON-LD.
    ExportW3c,
}

impl Act {
    pub const ALL: &'static [Act] =
        &[Act::Select, Act::Accept, Act::Reject, Act::Reset, Act::Delete, Act::ExportNative, Act::ExportW3c];

    /// The `data-act` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Act::Select => "select",
            Act::Accept => "accept",
            Act::Reject => "reject",
            Act::Reset => "reset",
            Act::Delete => "delete",
            Act::ExportNative => "export-native",
            Act::ExportW3c => "export-w3c",
        }
    }

    /// The action a `data-act` value names (`None`: one of the caller's own).
    pub fn parse(s: &str) -> Option<Act> {
        Act::ALL.iter().copied().find(|a| a.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_and_others_are_left_to_the_caller() {
        for a in Act::ALL {
            assert_eq!(Act::parse(a.as_str()), Some(*a));
        }
        let names: std::collections::HashSet<&str> = Act::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), Act::ALL.len());
        for other in ["", "toggle", "Accept", "accept ", "native"] {
            assert_eq!(Act::parse(other), None, "{other:?}");
        }
    }
}
