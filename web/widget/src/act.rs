//! The panel's own actions (its `data-act` values), beside the ones it shares with the app
//! ([`quotelens_dom::act::Act`]); a name is written only here.

quotelens_dom::actions! {
    /// An action of the widget's panel.
    pub enum WidgetAct {
        /// Opens or closes the panel (its tab).
        Toggle = "toggle",
        /// A note on the text selected in the article.
        AddNote = "add-note",
        /// Draws the next page of the list.
        More = "more",
        /// Puts an annotation that needs review on the selected text.
        Place = "place",
        /// Drops an annotation that needs review.
        Discard = "discard",
        /// The selected annotation's note (a field: read on `change`).
        Note = "note",
        /// The file input of "Import…" (read on `change`).
        Import = "import",
    }
}
