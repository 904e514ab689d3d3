//! Builds the shipped levels into the game (a player may have no levels folder, and the
//! browser has none): writes `$OUT_DIR/embedded_levels.rs`, a list of (path inside
//! `levels/`, `include_str!`). Also names the git commit the game is built from, for
//! `--version` and the About panel (`MERGE_ISLANDS_COMMIT`, empty outside a git checkout,
//! and `MERGE_ISLANDS_VERSION_LINE`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let commit = git_commit(&manifest).unwrap_or_default();
    let version = env::var("CARGO_PKG_VERSION").expect("cargo sets it");
    println!("cargo:rustc-env=MERGE_ISLANDS_COMMIT={commit}");
    println!(
        "cargo:rustc-env=MERGE_ISLANDS_VERSION_LINE={version}{}",
        if commit.is_empty() {
            String::new()
        } else {
            format!(" (commit {commit})")
        }
    );
    let root = manifest.join("levels");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        let rel = path
            .strip_prefix(&root)
            .expect("inside levels/")
            .to_string_lossy()
            .replace('\\', "/");
        // The designer's own levels stay on their machine.
        if rel.starts_with("custom/") {
            continue;
        }
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("]\n");
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets it")).join("embedded_levels.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
}

/// The commit checked out at `manifest`, when `manifest` is the top of a git work tree (a
/// packaged copy inside another checkout's `target/` is not), with the files that move when
/// the commit does marked for cargo to watch.
fn git_commit(manifest: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(manifest)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != manifest.canonicalize().ok()? {
        return None;
    }
    let commit = git(&["rev-parse", "--short=10", "HEAD"])?;
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])?];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch])?);
    }
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"])?);
    for path in watched {
        let path = manifest.join(path);
        // Cargo reruns a script on every build when a watched file is missing.
        if path.is_file() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    Some(commit)
}
