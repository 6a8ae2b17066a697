//! A regeneration killed at any instant (SIGKILL: no clean-up runs) leaves every generated
//! file whole, either as it was or as the run would leave it, never missing, torn or mixed;
//! the next run finishes or undoes the interrupted one, and every hand edit survives.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{copy_dir, TempProject};

const FILES: [&str; 4] = [
    "Dockerfile",
    ".dockerignore",
    "compose.yaml",
    ".dockgen.toml",
];
const KILLS: usize = 200;
/// Kills that must land while files are being replaced; the test goes on past [`KILLS`]
/// (up to [`MAX_KILLS`]) until it has them, so a loaded machine does not make it pass vacuously.
const MID_WRITE: usize = 5;
const MAX_KILLS: usize = 1000;

/// The two renders the runs alternate between: with a build script and port 9000, and
/// without one and port 9001. Both change all three generated files.
fn set_state(dir: &Path, state: usize) -> [&'static str; 4] {
    let mut pkg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    let scripts = pkg["scripts"].as_object_mut().unwrap();
    if state == 0 {
        scripts.insert("build".into(), "node scripts/build.js".into());
    } else {
        scripts.remove("build");
    }
    std::fs::write(dir.join("package.json"), pkg.to_string()).unwrap();
    let port = if state == 0 { "9000" } else { "9001" };
    ["init", "--yes", "--port", port]
}

fn dockgen_at(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dockgen"));
    cmd.args(args)
        .arg(dir)
        .env_remove("DOCKGEN_PRESET_PATH")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn contents(dir: &Path) -> Vec<String> {
    FILES
        .iter()
        .map(|f| {
            std::fs::read_to_string(dir.join(f))
                .unwrap_or_else(|e| panic!("`{f}` is unreadable after a kill: {e}"))
        })
        .collect()
}

/// Edits in all three files that merge with both renders.
fn edit_by_hand(dir: &Path) {
    let edit = |file: &str, f: &dyn Fn(String) -> String| {
        let path = dir.join(file);
        let before = std::fs::read_to_string(&path).unwrap();
        let after = f(before.clone());
        assert_ne!(before, after, "{file}");
        std::fs::write(path, after).unwrap();
    };
    edit("Dockerfile", &|t| {
        t.replace("WORKDIR /app\n", "WORKDIR /app\nENV TZ=Europe/Paris\n")
    });
    edit(".dockerignore", &|t| t + "local-notes/\n");
    edit("compose.yaml", &|t| {
        format!("# owned by the payments team\n{t}")
    });
}

fn has_edits(files: &[String]) -> bool {
    files[0].contains("ENV TZ=Europe/Paris\n")
        && files[1].ends_with("local-notes/\n")
        && files[2].starts_with("# owned by the payments team\n")
}

/// Leftovers of a write: the journal and dockgen's temporary names.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dockgen-"))
        .collect()
}

/// A small deterministic generator, so a failure can be replayed from its seed.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn two_hundred_kills_during_a_merging_regeneration_lose_nothing() {
    let p = TempProject::copy_of("node-express-npm");
    let dir = p.path();
    assert!(dockgen_at(dir, &["init", "--yes"])
        .status()
        .unwrap()
        .success());
    edit_by_hand(dir);

    // What each file may hold at any instant: the edited start, or either state's merge.
    let mut valid: Vec<BTreeSet<String>> = vec![BTreeSet::new(); FILES.len()];
    let mut merged = Vec::new();
    for (i, f) in contents(dir).into_iter().enumerate() {
        valid[i].insert(f);
    }
    let start_files = contents(dir);
    let mut took = Duration::ZERO;
    for state in [0, 1] {
        let reference = tempfile::tempdir().unwrap();
        copy_dir(dir, reference.path());
        let args = set_state(reference.path(), state);
        let started = Instant::now();
        assert!(dockgen_at(reference.path(), &args)
            .status()
            .unwrap()
            .success());
        took = took.max(started.elapsed());
        let files = contents(reference.path());
        assert!(has_edits(&files), "the reference merge lost an edit");
        for (i, f) in files.iter().enumerate() {
            valid[i].insert(f.clone());
        }
        merged.push(files);
    }
    for (i, file) in FILES.iter().enumerate() {
        assert_ne!(
            merged[0][i], merged[1][i],
            "`{file}` is the same in both states"
        );
    }
    let start = start_files;

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill test seed {seed}, a run takes about {took:?}");
    let mut rng = Lcg(seed);
    let took = took.as_micros() as u64;
    let mut caught_writing = 0;
    let mut kill = 0;
    // where in a run the files are written, learnt as the kills land: a kill before it finds
    // the old files, one after it the new ones; the aimed kills close in on it, so a loaded
    // machine (whose runs take longer than the reference one) still gets kills mid-write
    let mut aim = took * 3 / 4;
    // halved whenever the aim overshoots, down to 50 µs: a search for the moment
    let mut step = (took / 10).max(1);
    let mut last_move = 0i8;
    while kill < KILLS || (caught_writing < MID_WRITE && kill < MAX_KILLS) {
        kill += 1;
        let args = set_state(dir, kill % 2);
        let before = contents(dir);
        let mut child = dockgen_at(dir, &args).spawn().unwrap();
        // any moment of the run, or (every other kill) about where the files are written
        let aimed = kill % 2 == 1;
        let delay = if aimed {
            aim.saturating_sub(step) + rng.below(step * 2)
        } else {
            rng.below(took * 3 / 2)
        };
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let files = contents(dir);
        for (i, f) in files.iter().enumerate() {
            assert!(
                valid[i].contains(f),
                "seed {seed}, kill {kill}: `{}` is torn or mixed:\n{f}",
                FILES[i]
            );
        }
        assert!(
            has_edits(&files),
            "seed {seed}, kill {kill}: an edit was lost"
        );
        let mid_write = dir.join(".dockgen-journal.toml").exists();
        if aimed && !mid_write {
            let direction = if files == before { 1 } else { -1 };
            if direction != last_move && last_move != 0 {
                step = (step / 2).max(50);
            }
            last_move = direction;
            if direction > 0 {
                aim += step;
            } else {
                aim = aim.saturating_sub(step);
            }
        }
        if mid_write {
            caught_writing += 1;
        } else {
            // no run in flight: all files come from one and the same run
            assert!(
                files == start || merged.contains(&files),
                "seed {seed}, kill {kill}: files of different runs"
            );
        }
    }
    eprintln!("{caught_writing} of {kill} kills landed while files were being replaced");
    // a test that never caught a run mid-write proves nothing
    assert!(
        caught_writing >= MID_WRITE,
        "seed {seed}: only {caught_writing} of {kill} kills landed mid-write"
    );

    let args = set_state(dir, 0);
    assert!(dockgen_at(dir, &args).status().unwrap().success());
    assert_eq!(
        contents(dir),
        merged[0],
        "the run after the kills is not the clean merge"
    );
    assert_eq!(leftovers(dir), Vec::<String>::new(), "temporary files left");
}
