//! `quotelens`: the command line over the extraction core.
//!
//! Subcommands: `extract` (one article → JSON or a listing), `batch` (JSON Lines in and out,
//! on every core), `bench` (throughput and growth), `sample` (the built-in article).

use std::ffi::OsString;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use quotelens_extract::offsets::Unit;
use quotelens_extract::{export, extract};

mod batch;
mod bench;
mod evaluate;
#[cfg(target_os = "linux")]
mod pages;
#[cfg(target_os = "linux")]
mod small_blocks;

#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOC: pages::HugePages = pages::HugePages;

const USAGE: &str = "usage:
  quotelens extract FILE|- [--format json|text] [--unit utf16|char|byte] [--keep-newlines]
      offsets index the text with CRLF and CR read as LF (as Python reads a file, and as the
      evaluation contract does); --keep-newlines indexes the raw bytes instead
  quotelens extract FILE|- --explain
      one line per annotation: byte span, kind, the rule that made it, the speaker and how
      they were found (cue, pronoun, continuation), the cue and source words
  quotelens batch [FILE|-] [--unit utf16|char|byte] [--threads N] [--keep-newlines]
      JSON Lines in: each line a JSON string, or an object with \"text\" (and any \"id\");
      one result object per line out, in the same order; a line that is not UTF-8 or not
      JSON gets an error object of its own; newlines as for extract
  quotelens eval DIR [-v]
      score against NAME.txt + NAME.gold.json pairs (the metric of the evaluation contract;
      -v lists every miss with the rule that made the annotation, and counts errors by rule)
  quotelens bench [--mb N] [--growth]      N at most 1000
  quotelens bench --adversarial [--mb N]   every hostile input family at N and 10 N MB
      (default 1): MB/s, growth, JSON bytes out per byte in, peak RSS per byte in
  quotelens bench --file FILE [--runs N]   FILE as extract runs it (JSON to a counter), N
      times in one process (default 10): best and median MB/s
  quotelens sample                print the built-in sample article
  quotelens demo                  list the quotes and claims of the sample article";

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    pages::init();
    // arguments as the OS gives them: a file name need not be UTF-8
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quotelens: {e}");
            ExitCode::from(2)
        }
    }
}

/// Pulls `--name value` out of `args`.
fn option(args: &mut Vec<OsString>, name: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) if i + 1 < args.len() => {
            let v = args.remove(i + 1);
            args.remove(i);
            v.into_string().map(Some).map_err(|v| format!("{name} takes text, not {}", v.to_string_lossy()))
        }
        Some(_) => Err(format!("{name} needs a value")),
        None => Ok(None),
    }
}

fn flag(args: &mut Vec<OsString>, name: &str) -> bool {
    match args.iter().position(|a| a == name) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    }
}

fn unit(args: &mut Vec<OsString>) -> Result<Unit, String> {
    match option(args, "--unit")? {
        None => Ok(Unit::Utf16),
        Some(u) => Unit::parse(&u).ok_or_else(|| format!("unknown --unit {u:?} (utf16, char or byte)")),
    }
}

/// Reads a file or stdin as UTF-8, with a clear error for anything else.
pub fn read_input(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    let name = path.display();
    if path == Path::new("-") {
        io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        format!("{name} is not valid UTF-8 (first bad byte at offset {at}); convert it to UTF-8 first")
    })
}

/// Standard output without its line buffer: `Stdout` scans everything written through it for
/// a newline (every byte of the JSON, which has one, at its end), where the `BufWriter` in
/// front of this already makes each write large. Nothing else writes to standard output.
#[cfg(unix)]
fn raw_stdout() -> Box<dyn Write> {
    use std::os::fd::AsFd;
    match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(std::fs::File::from(fd)),
        Err(_) => Box::new(io::stdout()),
    }
}

#[cfg(not(unix))]
fn raw_stdout() -> Box<dyn Write> {
    Box::new(io::stdout())
}

/// Small blocks of this thread on a region of huge pages of its own (see `small_blocks`):
/// for the commands that extract on this thread alone, never for `batch`, whose blocks pass
/// between threads.
fn own_small_blocks() {
    #[cfg(target_os = "linux")]
    small_blocks::claim();
}

/// The largest `bench --mb`: the benchmark holds the text and its results in memory.
const BENCH_MAX_MB: f64 = 1000.0;

fn run(args: &[OsString]) -> Result<(), String> {
    let mut args = args.to_vec();
    if args.is_empty() || flag(&mut args, "--help") || flag(&mut args, "-h") {
        // not println!: a closed or full standard output is an error message, not a panic
        let mut out = io::stdout().lock();
        return writeln!(out, "{USAGE}").and_then(|()| out.flush()).map_err(|e| format!("cannot write output: {e}"));
    }
    let cmd = args.remove(0).to_string_lossy().into_owned();
    let mut out = io::BufWriter::with_capacity(1 << 16, raw_stdout());
    let result = match cmd.as_str() {
        "extract" => {
            own_small_blocks();
            let format = option(&mut args, "--format")?.unwrap_or_else(|| "json".into());
            let unit = unit(&mut args)?;
            let keep = flag(&mut args, "--keep-newlines");
            let format = if flag(&mut args, "--explain") { "explain".into() } else { format };
            let [path] = args.as_slice() else { return Err(format!("extract takes one FILE or -\n{USAGE}")) };
            let raw = read_input(Path::new(path))?;
            let text = if keep { raw } else { quotelens_eval::into_universal_newlines(raw) };
            let doc = extract(&text);
            if doc.truncated > 0 {
                eprintln!(
                    "quotelens: warning: {} annotation(s) left out to keep the output within {} bytes per input byte (see \"truncated\")",
                    doc.truncated,
                    quotelens_extract::bounds::BYTES_OUT_PER_BYTE_IN
                );
            }
            let written = match format.as_str() {
                "json" => export::write_json(&mut out, &text, &doc, unit, None).and_then(|()| writeln!(out)),
                "text" => write!(out, "{}", export::to_text(&text, &doc)),
                "explain" => write!(out, "{}", export::explain(&text, &doc)),
                other => return Err(format!("unknown --format {other:?} (json or text)")),
            };
            // the process ends next: the system takes the text and the results back at once,
            // where freeing them block by block took 0.5 ms of a 4 MB article's 135
            std::mem::forget((doc, text));
            written
        }
        "batch" => {
            let unit = unit(&mut args)?;
            let keep_newlines = flag(&mut args, "--keep-newlines");
            let threads = match option(&mut args, "--threads")? {
                Some(n) => n.parse().map_err(|_| format!("--threads takes a number, not {n:?}"))?,
                None => std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            };
            let path = args.first().cloned().unwrap_or_else(|| "-".into());
            let input: Box<dyn BufRead> = if path == "-" {
                Box::new(io::BufReader::new(io::stdin()))
            } else {
                Box::new(io::BufReader::new(
                    std::fs::File::open(&path)
                        .map_err(|e| format!("cannot read {}: {e}", Path::new(&path).display()))?,
                ))
            };
            batch::run(input, &mut out, batch::Options { unit, keep_newlines }, threads.max(1))?;
            Ok(())
        }
        "bench" => {
            own_small_blocks();
            // one family in this process, for the table's child processes
            if let Some(name) = option(&mut args, "--family")? {
                let bytes = option(&mut args, "--bytes")?.unwrap_or_else(|| "1000000".into());
                let bytes: usize = bytes.parse().map_err(|_| format!("--bytes takes a number, not {bytes:?}"))?;
                if bytes > (BENCH_MAX_MB * 1e6) as usize {
                    return Err(format!("--bytes takes at most {} bytes", BENCH_MAX_MB * 1e6));
                }
                bench::one(&mut out, &name, bytes)?;
                return out.flush().map_err(|e| format!("cannot write output: {e}"));
            }
            if let Some(path) = option(&mut args, "--file")? {
                let runs = option(&mut args, "--runs")?.unwrap_or_else(|| "10".into());
                let runs: usize = runs
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or(format!("--runs takes a count above 0, not {runs:?}"))?;
                let text = quotelens_eval::into_universal_newlines(read_input(Path::new(&path))?);
                bench::file(&mut out, &path, &text, runs)?;
                return out.flush().map_err(|e| format!("cannot write output: {e}"));
            }
            let hostile = flag(&mut args, "--adversarial");
            let mb = option(&mut args, "--mb")?
                .map(|v| v.parse::<f64>().map_err(|_| format!("--mb takes a number, not {v:?}")))
                .transpose()?
                .unwrap_or(if hostile { 1.0 } else { 20.0 });
            if !(mb > 0.0 && mb <= BENCH_MAX_MB) {
                return Err(format!("--mb takes a size above 0 and at most {BENCH_MAX_MB} (MB), not {mb}"));
            }
            let growth = flag(&mut args, "--growth");
            if hostile {
                if mb * 10.0 > BENCH_MAX_MB {
                    return Err(format!("--adversarial runs 10 x --mb: at most {} MB", BENCH_MAX_MB / 10.0));
                }
                bench::adversarial_table(&mut out, mb)?;
            } else {
                bench::run(&mut out, mb, growth).map_err(|e| e.to_string())?;
            }
            Ok(())
        }
        "eval" => {
            let verbose = flag(&mut args, "-v") | flag(&mut args, "--verbose");
            let [dir] = args.as_slice() else { return Err(format!("eval takes one DIR\n{USAGE}")) };
            let ok = evaluate::run(&mut out, Path::new(dir), verbose)?;
            out.flush().map_err(|e| e.to_string())?;
            if !ok {
                return Err("some articles could not be scored".into());
            }
            Ok(())
        }
        "sample" => write!(out, "{}", quotelens_extract::SAMPLE),
        "demo" => {
            let doc = extract(quotelens_extract::SAMPLE);
            write!(out, "{}", export::to_text(quotelens_extract::SAMPLE, &doc))
        }
        other => return Err(format!("unknown command {other:?}\n{USAGE}")),
    };
    result.and_then(|()| out.flush()).map_err(|e| format!("cannot write output: {e}"))
}
