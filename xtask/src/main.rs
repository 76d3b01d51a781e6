//! Project automation, in Rust rather than shell so it runs the same everywhere.
//!
//! `cargo xtask test` is the one test command (README, `.ci/run`): it installs the system packages
//! the build and tests need when they are missing (Debian, as root) and the pinned OpenAPI
//! validator (PyPI, in a virtual environment under `target/`), then runs the tidy checks,
//! `cargo fmt --check`, `cargo clippy` with warnings denied, every test of the workspace, and then
//! each cargo-fuzz target of `fuzz/` for a bounded time (`ATTEST_FUZZ_SECONDS`, 15 s by default;
//! cargo-fuzz is installed from crates.io when missing). `cargo xtask fuzz SECONDS` runs only the
//! fuzz targets, for the longer runs reported in BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Debian packages the build and the tests need, each with a command (or a file) that shows it is
/// installed. SQLCipher's vendored OpenSSL is configured by perl and built with make and a C
/// compiler; the passphrase-prompt test types at a pseudo-terminal made by util-linux `script`
/// (bsdutils). Chromium and its driver run the browser tests; Nanum fonts make Korean visible in
/// their screenshots; npm fetches axe-core.
const SYSTEM_PACKAGES: &[(&str, &str)] = &[
    ("perl", "perl"),
    ("make", "make"),
    ("gcc", "cc"),
    ("bsdutils", "script"),
    ("npm", "npm"),
    ("chromium", "chromium"),
    ("chromium-driver", "chromedriver"),
    ("fonts-nanum", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"),
    ("ca-certificates", "/etc/ssl/certs/ca-certificates.crt"),
    ("python3-venv", "/usr/share/doc/python3-venv"),
];

/// The OpenAPI validator the web tests run over `/api/openapi.json`, installed from PyPI into a
/// virtual environment under `target/` (the tests find it there).
const OPENAPI_VALIDATOR: &str = "openapi-spec-validator==0.9.0";

/// axe-core (MPL-2.0), the accessibility checker the browser tests inject: fetched by the npm
/// client (`npm pack`, from whatever registry npm is configured for) into `target/axe/`, and
/// unpacked only if the tarball's SHA-512 is this pinned `dist.integrity`.
const AXE_PACKAGE: &str = "axe-core@4.14.1";
const AXE_INTEGRITY: &str =
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==";

fn main() -> ExitCode {
    let task = std::env::args().nth(1).unwrap_or_default();
    let result = match task.as_str() {
        "test" => test(),
        "tidy" => tidy(&root()),
        "install-deps" => install_deps(),
        "fuzz" => {
            let seconds = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or_else(fuzz_seconds);
            fuzz(seconds)
        }
        _ => Err("usage: cargo xtask test | tidy | install-deps | fuzz [SECONDS]".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("xtask: running {program} {}", args.join(" "));
    let status =
        Command::new(program).args(args).current_dir(root()).status().map_err(|e| format!("{program}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{program} {} failed ({status})", args.join(" "))) }
}

fn have(program: &str) -> bool {
    if program.starts_with('/') {
        return Path::new(program).exists();
    }
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

fn install_deps() -> Result<(), String> {
    let missing: Vec<&str> = SYSTEM_PACKAGES.iter().filter(|(_, cmd)| !have(cmd)).map(|(pkg, _)| *pkg).collect();
    if !missing.is_empty() {
        if !have("apt-get") {
            return Err(format!("missing {} and no apt-get to install them", missing.join(", ")));
        }
        run("apt-get", &["update", "-qq"])?;
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(missing);
        run("apt-get", &args)?;
    }
    fetch_axe()?;
    install_openapi_validator()
}

/// `target/openapi-venv`: a Python virtual environment holding the pinned OpenAPI validator.
fn install_openapi_validator() -> Result<(), String> {
    let venv = root().join("target/openapi-venv");
    if venv.join("bin/openapi-spec-validator").is_file() {
        return Ok(());
    }
    let venv_s = venv.to_string_lossy().to_string();
    run("python3", &["-m", "venv", &venv_s])?;
    let pip = venv.join("bin/pip").to_string_lossy().to_string();
    run(&pip, &["install", "--quiet", "--disable-pip-version-check", OPENAPI_VALIDATOR])
}

fn fetch_axe() -> Result<(), String> {
    let dir = root().join("target/axe");
    if dir.join("package/axe.min.js").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let dir_s = dir.to_string_lossy().to_string();
    run("npm", &["pack", AXE_PACKAGE, "--silent", "--pack-destination", &dir_s])?;
    let tgz = std::fs::read_dir(&dir)
        .map_err(|e| format!("{dir_s}: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("axe-core-") && n.to_string_lossy().ends_with(".tgz"))
        })
        .ok_or_else(|| format!("npm pack {AXE_PACKAGE} left no tarball in {dir_s}"))?;
    let out = Command::new("sha512sum").arg(&tgz).output().map_err(|e| format!("sha512sum: {e}"))?;
    let sum = String::from_utf8_lossy(&out.stdout).split(' ').next().unwrap_or("").to_string();
    let pinned = integrity_hex(AXE_INTEGRITY)?;
    if !out.status.success() || sum != pinned {
        let _ = std::fs::remove_file(&tgz);
        return Err(format!("{}: SHA-512 {sum} is not the pinned {AXE_INTEGRITY} ({pinned})", tgz.display()));
    }
    run("tar", &["xzf", &tgz.to_string_lossy(), "-C", &dir_s])
}

/// The hex digest of an npm `dist.integrity` value (`sha512-` and standard base64).
fn integrity_hex(integrity: &str) -> Result<String, String> {
    let b64 = integrity.strip_prefix("sha512-").ok_or_else(|| format!("{integrity}: not a sha512 integrity"))?;
    let mut bits = 0u32;
    let mut n = 0;
    let mut hex = String::new();
    for c in b64.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("{integrity}: not base64")),
        };
        bits = (bits << 6) | u32::from(v);
        n += 6;
        if n >= 8 {
            n -= 8;
            hex.push_str(&format!("{:02x}", (bits >> n) & 0xff));
        }
    }
    Ok(hex)
}

fn test() -> Result<(), String> {
    install_deps()?;
    tidy(&root())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(&cargo, &["fmt", "--all", "--check"])?;
    run(&cargo, &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])?;
    let totals = run_tests(&cargo)?;
    fuzz(fuzz_seconds())?;
    // The test totals again as the very last line, so a reader (and CI) finds them after the
    // fuzzers' output.
    println!("{totals}");
    Ok(())
}

/// The cargo-fuzz targets of `fuzz/`: every reader of untrusted input.
const FUZZ_TARGETS: &[&str] = &["count", "date", "span", "link_csv", "estimate_table", "intake_html", "web_json"];

fn fuzz_seconds() -> u64 {
    std::env::var("ATTEST_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15)
}

/// Runs every fuzz target for `seconds` from the seed corpus in `fuzz/corpus/TARGET` (kept as it
/// is: new inputs go to `target/fuzz-corpus/TARGET`); a crash fails the run and its input is left
/// in `fuzz/artifacts/TARGET/`. cargo-fuzz needs nightly flags, which `RUSTC_BOOTSTRAP=1` allows on
/// the stable toolchain.
fn fuzz(seconds: u64) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let installed = Command::new(&cargo).args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        run(&cargo, &["install", "cargo-fuzz", "--locked"])?;
    }
    let mut totals = Vec::new();
    for target in FUZZ_TARGETS {
        let work = root().join("target/fuzz-corpus").join(target);
        std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
        let seeds = root().join("fuzz/corpus").join(target);
        let args = [
            "fuzz".to_string(),
            "run".into(),
            (*target).into(),
            work.to_string_lossy().into(),
            seeds.to_string_lossy().into(),
            "--".into(),
            format!("-max_total_time={seconds}"),
            "-timeout=10".into(),
            "-rss_limit_mb=2048".into(),
        ];
        eprintln!("xtask: running {cargo} {}", args.join(" "));
        let mut child = Command::new(&cargo)
            .args(&args)
            .env("RUSTC_BOOTSTRAP", "1")
            .current_dir(root().join("fuzz"))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("{cargo} fuzz: {e}"))?;
        let mut done = String::new();
        if let Some(err) = child.stderr.take() {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if line.starts_with("Done ") {
                    done = line.clone();
                }
                if !line.starts_with('#') && !line.starts_with('"') && !line.starts_with("###") {
                    eprintln!("{line}");
                }
            }
        }
        let status = child.wait().map_err(|e| format!("{cargo} fuzz: {e}"))?;
        if !status.success() {
            return Err(format!("fuzz target {target} failed ({status}); the input is in fuzz/artifacts/{target}/"));
        }
        totals.push(format!("{target}: {done}"));
    }
    println!("fuzz: {}", totals.join("; "));
    Ok(())
}

/// Runs the workspace tests, passing their output through, and closes with one summary line
/// (`N passed, N failed`), which it also returns so `test` can repeat it after the fuzzers.
fn run_tests(cargo: &str) -> Result<String, String> {
    use std::io::{BufRead, BufReader};
    eprintln!("xtask: running {cargo} test --workspace");
    let mut child = Command::new(cargo)
        .args(["test", "--workspace"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("{cargo} test: {e}"))?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                let count = |label: &str| -> u64 {
                    rest.split(';')
                        .find_map(|part| part.trim().strip_suffix(label)?.trim().rsplit(' ').next()?.parse().ok())
                        .unwrap_or(0)
                };
                passed += count("passed");
                failed += count("failed");
            }
        }
    }
    let status = child.wait().map_err(|e| format!("{cargo} test: {e}"))?;
    let totals = format!("{passed} passed, {failed} failed");
    println!("{totals}");
    if status.success() && failed == 0 {
        Ok(totals)
    } else {
        Err(format!("{cargo} test --workspace failed ({status})"))
    }
}

/// Repository rules that are cheap to check: every Rust file says why it exists.
fn tidy(root: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    for dir in ["crates", "xtask", "fuzz"] {
        collect_rs(&root.join(dir), &mut files);
    }
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).is_ok_and(|s| s.starts_with("//!")))
        .map(|f| f.display().to_string())
        .collect();
    if undocumented.is_empty() {
        eprintln!("xtask: tidy: {} Rust files, each opens with a //! comment", files.len());
        Ok(())
    } else {
        Err(format!(
            "tidy: these files do not open with a //! comment saying why they exist:\n  {}",
            undocumented.join("\n  ")
        ))
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
            collect_rs(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn integrity_values_decode_to_the_digest_sha512sum_prints() {
        // SHA-512 of the empty string, as npm writes it and as sha512sum prints it.
        let empty = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==";
        assert_eq!(
            super::integrity_hex(empty).as_deref(),
            Ok(
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
            )
        );
        assert!(super::integrity_hex("sha1-abc").is_err());
        assert_eq!(super::integrity_hex(super::AXE_INTEGRITY).map(|h| h.len()), Ok(128));
    }
}
