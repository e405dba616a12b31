//! The `quotelens` binary end to end: formats, errors, batch mode, evaluation.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_quotelens"))
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child =
        bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quotelens-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const ARTICLE: &str = "OSLO (AP) — “We will not sign,” Foreign Minister Kari Lund said on Tuesday.\nLund told reporters that the talks had failed.\n";

#[test]
fn extract_prints_the_contract_json() {
    let out = run_with_stdin(&["extract", "-"], ARTICLE.as_bytes());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["offset_unit"], "utf16");
    let anns = v["annotations"].as_array().unwrap();
    let quote = anns.iter().find(|a| a["kind"] == "quote").unwrap();
    assert_eq!(quote["text"], "We will not sign,");
    assert_eq!(quote["speaker"]["name"], "Kari Lund");
    let claim = anns.iter().find(|a| a["kind"] == "claim").unwrap();
    assert_eq!(claim["text"], "the talks had failed");
    assert_eq!(claim["speaker"]["name"], "Kari Lund", "the surname takes the fullest form");
    // UTF-16 offsets: the em dash and curly marks are one unit each
    let units: Vec<u16> = ARTICLE.encode_utf16().collect();
    let (s, e) = (quote["start"].as_u64().unwrap() as usize, quote["end"].as_u64().unwrap() as usize);
    assert_eq!(String::from_utf16(&units[s..e]).unwrap(), "We will not sign,");
    assert_eq!(v["stories"][0]["dateline"]["place"], "OSLO");
}

#[test]
fn crlf_is_read_as_lf_unless_asked() {
    let crlf = ARTICLE.replace('\n', "\r\n");
    let path = tmp("crlf.txt", crlf.as_bytes());
    let lf: Value =
        serde_json::from_slice(&bin().args(["extract", path.to_str().unwrap()]).output().unwrap().stdout).unwrap();
    let raw: Value = serde_json::from_slice(
        &bin().args(["extract", "--keep-newlines", "--unit", "byte", path.to_str().unwrap()]).output().unwrap().stdout,
    )
    .unwrap();
    let claim = |v: &Value| v["annotations"].as_array().unwrap().iter().find(|a| a["kind"] == "claim").unwrap().clone();
    let (a, b) = (claim(&lf), claim(&raw));
    assert_eq!(a["text"], b["text"]);
    // one CR before the claim in the raw text
    let lf_start = a["start"].as_u64().unwrap() as usize;
    let raw_start = b["start"].as_u64().unwrap() as usize;
    assert_eq!(&crlf[raw_start..raw_start + 9], "the talks");
    assert!(raw_start > lf_start, "raw byte offsets count the CR");
}

#[test]
fn text_listing_groups_by_story_and_speaker() {
    let out = run_with_stdin(&["extract", "--format", "text", "-"], ARTICLE.as_bytes());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("Story 1 — OSLO (AP)"), "{s}");
    assert!(s.contains("Kari Lund (person): 1 quote(s), 1 claim(s)"), "{s}");
    assert!(s.contains("“We will not sign,”"), "{s}");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let path = tmp("latin1.txt", b"caf\xe9 \"ol\xe9,\" he said");
    let out = bin().args(["extract", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid UTF-8") && err.contains("offset 3"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn usage_errors_exit_non_zero() {
    for args in
        [&["extract"][..], &["frobnicate"], &["extract", "--unit", "furlongs", "-"], &["extract", "/no/such/file"]]
    {
        let out = bin().args(args).stdin(Stdio::null()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn empty_and_nul_input_are_fine() {
    for input in [&b""[..], b"   \n\t", b"\0\0\"\0said\0"] {
        let out = run_with_stdin(&["extract", "-"], input);
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(v["annotations"].is_array());
    }
}

#[test]
fn batch_keeps_order_ids_and_reports_bad_lines() {
    let mut input = String::new();
    for i in 0..600 {
        input.push_str(
            &serde_json::json!({"id": format!("doc-{i}"), "text": format!("“Line {i} here,” Ana Ruiz said.")})
                .to_string(),
        );
        input.push('\n');
        if i == 300 {
            input.push_str("{not json\n");
            input.push_str("\"a bare string article\"\n");
        }
    }
    let out = run_with_stdin(&["batch", "--threads", "3"], input.as_bytes());
    assert!(out.status.success());
    let lines: Vec<Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 602);
    assert_eq!(lines[0]["id"], "doc-0");
    assert_eq!(lines[0]["annotations"][0]["speaker"]["name"], "Ana Ruiz");
    assert!(lines[301]["error"].as_str().unwrap().contains("not JSON"));
    assert_eq!(lines[301]["line"], 302);
    assert!(lines[302]["annotations"].is_array());
    assert_eq!(lines[601]["id"], "doc-599");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 line(s)"));
}

#[test]
fn eval_scores_a_folder() {
    let dir = std::env::temp_dir().join(format!("quotelens-eval-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
    let gold = serde_json::json!({
        "document": "a.txt",
        "quotes": [{"text": "We will not sign,", "speaker": "Kari Lund", "speaker_accept": ["Lund"]},
                   {"text": "a quote nobody finds", "speaker": "Nobody"}],
        "claims": [{"content": "the talks had failed", "source": "Kari Lund", "source_accept": ["Lund"]}]
    });
    std::fs::write(dir.join("a.gold.json"), gold.to_string()).unwrap();
    let out = bin().args(["eval", "-v", dir.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("a.txt: quotes 1/2 found, 1 predicted, 1/1 attributed right; claims 1/1 found"), "{s}");
    assert!(s.contains("missed_quotes: a quote nobody finds"), "{s}");
    // precision 1, recall 0.5
    assert!(
        s.lines().last().unwrap().starts_with("quote_p=1.000 quote_r=0.500 quote_f1=0.667 speaker_acc=1.000"),
        "{s}"
    );
}

#[test]
fn demo_lists_the_sample_article() {
    let out = bin().arg("demo").output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Story 1") && s.contains("Story 2"), "{s}");
    assert!(s.contains("Ines Calloway (person)"), "{s}");
}

#[test]
fn eval_verbose_names_the_rule_behind_each_error() {
    let dir = std::env::temp_dir().join(format!("quotelens-eval-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("b.txt"), "“We are ready,” Ana Ruiz said. ‘So are we,’ said Tom Bell.\n").unwrap();
    // the gold gives the first quotation to Tom Bell and does not know the second
    let gold = serde_json::json!({"document": "b.txt", "quotes": [{"text": "We are ready,", "speaker": "Tom Bell"}], "claims": []});
    std::fs::write(dir.join("b.gold.json"), gold.to_string()).unwrap();
    let out = bin().args(["eval", "-v", dir.to_str().unwrap()]).output().unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains(r#"wrong_speakers: "We are ready," predicted "Ana Ruiz", gold "Tom Bell" [cue_after]"#), "{s}");
    assert!(s.contains("spurious_quotes: So are we, [cue_after]"), "{s}");
    assert!(s.contains("errors by rule: cue_after 2"), "{s}");
    assert!(s.lines().last().unwrap().starts_with("quote_p=0.500 quote_r=1.000"), "{s}");
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect()
}

#[test]
fn batch_gives_a_line_of_invalid_utf8_its_own_error_and_loses_nothing() {
    // the audit's reproducer: nothing came out and the exit code was 2
    let out = run_with_stdin(&["batch"], b"\"ok\"\n\"\xff\"\n\"ok\"\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["annotations"].is_array() && lines[2]["annotations"].is_array());
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[1]["byte"], 6, "the bad byte's offset in the input");
    assert!(lines[1]["error"].as_str().unwrap().contains("not UTF-8"));

    // 300 good lines before the bad one used to give only the first 256 results
    let mut input = Vec::new();
    for i in 0..300 {
        input.extend_from_slice(format!("{{\"id\": {i}, \"text\": \"“Yes,” Ana Ruiz said.\"}}\n").as_bytes());
    }
    input.extend_from_slice(b"\"caf\xc3\"\n");
    for i in 300..310 {
        input.extend_from_slice(format!("\"Line {i}.\"\n").as_bytes());
    }
    for threads in ["1", "2", "3"] {
        let out = run_with_stdin(&["batch", "--threads", threads], &input);
        assert!(out.status.success());
        let lines = json_lines(&out.stdout);
        assert_eq!(lines.len(), 311, "threads {threads}");
        for (i, l) in lines.iter().take(300).enumerate() {
            assert_eq!(l["id"], i, "input order kept with {threads} threads");
        }
        assert_eq!(lines[300]["line"], 301);
        assert!(lines[300]["error"].as_str().unwrap().contains("byte 4 of the line"));
        assert_eq!(lines[310]["id"], 311);
    }
}

#[test]
fn batch_reads_crlf_as_extract_does() {
    let crlf = ARTICLE.replace('\n', "\r\n");
    let path = tmp("crlf-batch.txt", crlf.as_bytes());
    let line = serde_json::to_string(&crlf).unwrap() + "\n";
    for (extra, unit) in [(None, "utf16"), (Some("--keep-newlines"), "byte")] {
        let mut ex = vec!["extract", path.to_str().unwrap(), "--unit", unit];
        let mut ba = vec!["batch", "--unit", unit];
        if let Some(e) = extra {
            ex.push(e);
            ba.push(e);
        }
        let single: Value = serde_json::from_slice(&bin().args(&ex).output().unwrap().stdout).unwrap();
        let mut batch = json_lines(&run_with_stdin(&ba, line.as_bytes()).stdout).remove(0);
        batch.as_object_mut().unwrap().remove("id");
        assert_eq!(single, batch, "extract and batch agree ({unit}, {extra:?})");
    }
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tmp("x", b"").parent().unwrap().to_path_buf();
    let name = dir.join(std::ffi::OsStr::from_bytes(b"\xff-article.txt"));
    let out = bin().arg("extract").arg(&name).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    std::fs::write(&name, ARTICLE).unwrap();
    let out = bin().arg("extract").arg(&name).output().unwrap();
    assert!(out.status.success());
    assert!(serde_json::from_slice::<Value>(&out.stdout).unwrap()["annotations"].is_array());
}

#[cfg(target_os = "linux")]
#[test]
fn help_into_a_full_device_is_an_error_not_a_panic() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = bin().arg("--help").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write output"));
}

#[test]
fn bench_refuses_a_size_it_cannot_hold() {
    for mb in ["5000", "0", "-1", "NaN"] {
        let out = bin().args(["bench", "--mb", mb]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--mb {mb}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--mb"), "--mb {mb}");
    }
}

#[test]
fn bench_runs_one_hostile_family_and_reports_its_figures() {
    for family in ["marks \"", "he-said-that", "deep-nesting"] {
        let out = bin().args(["bench", "--family", family, "--bytes", "200000"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8(out.stdout).unwrap();
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 4, "{line}");
        let (bytes_in, bytes_out): (u64, u64) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        assert!(bytes_in >= 200_000);
        assert!(bytes_out <= 20 * bytes_in + 4096, "{family}: {bytes_out} bytes out");
    }
    let out = bin().args(["bench", "--family", "no-such-family"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bench_times_a_file_as_extract_runs_it() {
    let article = ARTICLE.repeat(20).replace('\n', "\r\n");
    let path = tmp("bench-file.txt", article.as_bytes());
    let path = path.to_str().unwrap();
    let out = bin().args(["bench", "--file", path, "--runs", "3"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("3 runs: best") && report.contains("MB/s"), "{report}");
    // the JSON it counts is the JSON `extract` writes (CRLF read as LF, as there)
    let extracted = bin().args(["extract", path]).output().unwrap();
    let json_bytes = extracted.stdout.len() - 1; // extract ends with a newline
    assert!(report.contains(&format!(" {json_bytes} bytes of JSON")), "{report} / {json_bytes}");
    for runs in ["0", "x"] {
        let out = bin().args(["bench", "--file", path, "--runs", runs]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--runs {runs}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--runs"));
    }
    let out = bin().args(["bench", "--file", "/no/such/file"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn batch_keeps_order_across_chunks_of_lines() {
    // lines of every length, a 100 KB one among them: several 64 KB chunks, written back in
    // input order whatever worker finishes first
    let mut input = String::new();
    for i in 0..150 {
        let words = if i == 70 { 7000 } else { 1 + (i * 37) % 400 };
        let text = format!("“Item {i} stands,” Ana Ruiz said. {}", "More text here. ".repeat(words));
        input.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        input.push('\n');
        if i == 90 {
            input.push_str("{broken\n");
        }
    }
    assert!(input.len() > 5 * 64 * 1024, "{} bytes: several chunks", input.len());
    let mut outputs = Vec::new();
    for threads in ["1", "2", "3"] {
        let out = run_with_stdin(&["batch", "--threads", threads], input.as_bytes());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let lines = json_lines(&out.stdout);
        assert_eq!(lines.len(), 151, "threads {threads}");
        // article i is output line i, the broken line (input line 92) is output line 91, and
        // the articles after it come one line later
        for (k, line) in lines.iter().enumerate() {
            if k == 91 {
                assert!(line["error"].as_str().unwrap().contains("not JSON"), "threads {threads}");
                assert_eq!(line["line"], 92);
                continue;
            }
            let article = if k < 91 { k } else { k - 1 };
            assert_eq!(line["id"], article, "output line {k}, threads {threads}");
            assert_eq!(line["annotations"][0]["speaker"]["name"], "Ana Ruiz");
        }
        outputs.push(out.stdout);
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "the same bytes on 1, 2 and 3 threads");
}

#[test]
fn batch_reports_a_read_error_after_the_lines_before_it() {
    let dir = std::env::temp_dir();
    let out = bin().args(["batch", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"), "{}", String::from_utf8_lossy(&out.stderr));
}
