//! The app's own actions (its `data-act` values), beside the ones it shares with the widget
//! ([`quotelens_dom::act::Act`]). One enum for the whole app: each delegated click handler
//! matches the few it draws, and a name is written only here.

quotelens_dom::actions! {
    /// An action of the app's own.
    pub enum AppAct {
        // the tool bar
        Library = "library",
        New = "new",
        /// The tool bar's "Open file…", and a document of the library.
        Open = "open",
        Csv = "csv",
        Undo = "undo",
        Redo = "redo",
        Keys = "keys",
        // a notice
        Export = "export",
        Raw = "raw",
        Keep = "keep",
        Dismiss = "dismiss",
        // the new-article form
        Extract = "extract",
        /// The new-article form's, and a dialog's.
        Cancel = "cancel",
        // a dialog
        Ok = "ok",
        // the library
        Back = "back",
        Rename = "rename",
        /// Deletes a stored document (the annotation's delete is [`quotelens_dom::act::Act::Delete`]).
        DeleteDoc = "delete",
        // the list's filters and roster
        ShowAll = "show-all",
        Speaker = "speaker",
        // the selected annotation's card
        SetSpeaker = "set-speaker",
        Merge = "merge",
        StartBack = "start-back",
        StartOn = "start-on",
        EndBack = "end-back",
        EndOn = "end-on",
        AddLink = "add-link",
        RemoveLink = "remove-link",
        Close = "close",
        // the offer to annotate the selected text
        NewQuote = "quote",
        NewClaim = "claim",
        NewNote = "note",
    }
}
