//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// attest: document testimony, seal identities, keep evidence tamper-evident.
#[derive(Parser)]
#[command(name = "attest", version, about, long_about = None)]
pub struct Cli {
    /// The archive directory [default: $ATTEST_ARCHIVE, else ./attest-archive; `demo`: ./attest-demo].
    #[arg(long, global = true, env = "ATTEST_ARCHIVE", value_name = "PATH")]
    pub archive: Option<PathBuf>,
    /// Print one JSON object on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a new archive protected by a passphrase ($ATTEST_PASSPHRASE or a prompt).
    Init,
    /// Cases (investigations).
    #[command(subcommand)]
    Case(CaseCmd),
    /// Witnesses: pseudonyms in the open, identities sealed.
    #[command(subcommand)]
    Witness(WitnessCmd),
    /// Sources: testimonies (more kinds to come).
    #[command(subcommand)]
    Source(SourceCmd),
    /// Claims, each tied to the passage of a source that makes it.
    #[command(subcommand)]
    Claim(ClaimCmd),
    /// The vocabulary of acts.
    #[command(subcommand)]
    Act(ActCmd),
    /// Show one record (never sealed fields).
    Show {
        /// What kind of record.
        kind: Kind,
        /// Its id.
        id: String,
    },
    /// List records (never sealed fields).
    List {
        /// What kind of record.
        kind: Kind,
        /// Only this case.
        #[arg(long)]
        case: Option<String>,
    },
    /// The audit log, oldest first.
    Log,
    /// Check the database pages, the log's hash chain, every record against its log entry, every
    /// text and original against its intake hash; with `--checkpoint`, that the log still holds
    /// that checkpoint's log unchanged.
    Verify(crate::integrity::VerifyArgs),
    /// Write a consistent, encrypted copy of the archive (never copy archive.db alone).
    Backup(crate::integrity::BackupArgs),
    /// Restore a backup into a new directory; kept only if it verifies.
    Restore(crate::integrity::RestoreArgs),
    /// Write the log's tree head (size and Merkle root), signed with the checkpoint key.
    Checkpoint(crate::integrity::CheckpointArgs),
    /// Make a checkpoint key, or sign a tree head with it.
    #[command(subcommand)]
    CheckpointKey(crate::integrity::CheckpointKeyCmd),
    /// Estimate how many were never documented, from a capture-history table (multiple systems
    /// estimation). TABLE.csv: one 0/1 column per list and a `count` column, or one row per person.
    Estimate {
        /// The table.
        table: PathBuf,
        /// compare (log-linear, dga and LCMCR side by side, LCMCR as the headline; Chapman for two
        /// lists), chapman (two lists), loglinear (model search), dga (Bayesian model averaging),
        /// lcmcr (Bayesian latent classes). Exit status 2 when the data support only a bound or nothing.
        #[arg(long, value_enum, default_value = "compare")]
        method: MethodArg,
        /// Log-linear model ranking.
        #[arg(long, value_enum, default_value = "bic")]
        criterion: CriterionArg,
        /// Log-linear: report this model (e.g. "[12,3]") instead of the best-ranked one.
        #[arg(long)]
        model: Option<String>,
        /// dga: prior counts per cell [default: 1/2^lists].
        #[arg(long)]
        delta: Option<f64>,
        /// dga: largest number of never-documented individuals considered [default: 10 x observed].
        #[arg(long)]
        max_missing: Option<u64>,
        /// LCMCR: random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// LCMCR: total iterations, burn-in included [default: 1,100,000].
        #[arg(long)]
        iterations: Option<u64>,
        /// LCMCR: iterations discarded first [default: 100,000].
        #[arg(long)]
        burn_in: Option<u64>,
        /// LCMCR: keep one draw in N [default: 100].
        #[arg(long)]
        thin: Option<u64>,
        /// LCMCR: number of latent classes [default: 10].
        #[arg(long)]
        classes: Option<usize>,
        /// Write an SVG plot here: the posterior (Bayesian methods) or the estimates by model.
        #[arg(long, value_name = "FILE")]
        plot: Option<PathBuf>,
    },
    /// Take in an open source: `attest intake web PAGE.html --case C` or `attest intake text FILE --case C`.
    #[command(subcommand)]
    Intake(IntakeCmd),
    /// Which of a case's sources derive from which: copies, quotations, spun copies.
    Provenance {
        /// The case.
        #[arg(long)]
        case: String,
    },
    /// Independent lines of evidence for every claim and event of a case: corroborated,
    /// single-source, contested or unconfirmed.
    Corroboration {
        /// The case.
        #[arg(long)]
        case: String,
        /// The weakest Admiralty grade a line may have and still count as reliable.
        #[arg(long, default_value = "C3")]
        min_reliability: String,
        /// Independent reliable lines needed to call a claim corroborated.
        #[arg(long, default_value_t = 2)]
        min_lines: usize,
        /// Largest gap in days between claims grouped into one event.
        #[arg(long, default_value_t = 183)]
        gap_days: u32,
    },
    /// Set the case's policy for Admiralty F and 6 ("cannot be judged"): not-reliable (the
    /// default: such lines do not count as reliable) or assume-minimum (a not-assessed component
    /// counts as meeting the minimum when the other one does).
    Policy {
        /// The case.
        #[arg(long)]
        case: String,
        /// not-reliable or assume-minimum.
        #[arg(long)]
        unassessed: String,
    },
    /// Declare that two sources or witnesses are not independent (or, for `different-person`,
    /// that two witnesses whose sealed identities match are different people).
    #[command(subcommand)]
    Depend(DependCmd),
    /// Merge two claims into one event, or split them into different events.
    #[command(subcommand)]
    Event(EventCmd),
    /// Search pseudonyms, source texts and claims, in Korean and English, romanization-insensitive
    /// for names and places (Choe finds Choi and 최). Sealed fields are never searched.
    Search {
        /// What to look for.
        query: String,
        /// Only this case.
        #[arg(long)]
        case: Option<String>,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Workspace users: `attest user invite --name N --role admin|investigator|analyst|viewer`
    /// (a one-time code; the user sets their own password with `attest user accept`), `passwd`,
    /// `rotate`, `pin`, `reset`, `list`; `add` sets a password its creator knows (demos, scripts).
    #[command(subcommand)]
    User(UserCmd),
    /// Make a user a member of a case.
    Member {
        /// The user id.
        #[arg(long)]
        user: String,
        /// The case.
        #[arg(long)]
        case: String,
    },
    /// Give a member "may see sealed identities" (the case's identity key) or, with
    /// `--kind testimonies`, "may read testimonies" (the case key, which opens the original files)
    /// of a case, sealed to the user's public key (needs the archive passphrase).
    Grant {
        /// The user id.
        #[arg(long)]
        user: String,
        /// The case.
        #[arg(long)]
        case: String,
        /// identities or testimonies.
        #[arg(long, default_value = "identities")]
        kind: String,
    },
    /// Take back a user's grant: the key is replaced, everything it sealed re-encrypted and every
    /// remaining grant sealed again, so the old grant opens nothing.
    Revoke {
        /// The user id.
        #[arg(long)]
        user: String,
        /// The case.
        #[arg(long)]
        case: String,
        /// identities or testimonies.
        #[arg(long, default_value = "identities")]
        kind: String,
    },
    /// Find the same person across lists: deduplicate one CSV or link two. Writes
    /// `record_id,cluster_id` for every record. Columns' roles are inferred from their headers and
    /// values (printed; edit and pass back with --config).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Link {
        #[command(subcommand)]
        explain: Option<LinkCmd>,
        /// One file to deduplicate, or two to link.
        #[arg(required = true, num_args = 1..=2)]
        inputs: Vec<PathBuf>,
        /// Where to write the clusters.
        #[arg(long, required = true)]
        out: Option<PathBuf>,
        /// With two lists: also write the capture-history table (`attest estimate`'s input): each
        /// cluster is one person, on a list when any of its records is (duplicates count once).
        #[arg(long, value_name = "FILE")]
        capture_table: Option<PathBuf>,
        #[command(flatten)]
        options: LinkOptions,
    },
    /// Build a demo archive with a fictional case and print a summary.
    Demo {
        /// Replace an existing demo archive at the path (only ever removes a directory marked as a demo).
        #[arg(long)]
        replace: bool,
        /// Then open the web workspace on it (as `attest serve`).
        #[arg(long)]
        serve: bool,
        /// Address for `--serve`.
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: String,
    },
    /// Open the web workspace on the archive. The server keeps only the database key: it holds no
    /// archive, case or identity key, so sealed identities and original files open only through a
    /// user's grant and that user's password. Requests are logged to standard error (level from
    /// ATTEST_LOG); Ctrl-C or SIGTERM stops it after the requests in flight.
    Serve {
        /// Address to listen on (keep it on 127.0.0.1 unless a TLS proxy is in front).
        #[arg(long, default_value = "127.0.0.1:7878")]
        addr: String,
        /// Mark cookies `Secure` (when served behind HTTPS).
        #[arg(long)]
        secure_cookies: bool,
        /// The reverse proxy in front (an IP address): from it alone, the client address for
        /// sign-in throttling is read from X-Forwarded-For.
        #[arg(long, value_name = "ADDR")]
        trusted_proxy: Option<std::net::IpAddr>,
        /// Read the archive passphrase from the first line of this file (mode 600), so that no
        /// environment variable holds it.
        #[arg(long, value_name = "FILE", conflicts_with = "passphrase_fd")]
        passphrase_file: Option<std::path::PathBuf>,
        /// Read the archive passphrase from this open file descriptor (0: standard input), up to
        /// its first line break.
        #[arg(long, value_name = "FD")]
        passphrase_fd: Option<u32>,
        /// Seconds a list upload (/link, /estimate and their JSON routes) may take to arrive
        /// before it is stopped as too slow and its list-task slot freed. 20 (the default)
        /// carries the 8 MiB limit at about 3.4 Mbit/s; raise it for investigators on slow
        /// links (120: about 0.6 Mbit/s). From 20 to 600; the time limit of the list uploads
        /// grows with it (this plus 40 s, at least 60 s); every other request keeps 60 s.
        #[arg(
            long,
            value_name = "SECONDS",
            default_value_t = *attest_web::LIST_UPLOAD_SECONDS.start(),
            value_parser = clap::value_parser!(u64).range(attest_web::LIST_UPLOAD_SECONDS)
        )]
        list_upload_seconds: u64,
        #[command(flatten)]
        checkpoints: crate::integrity::ServeCheckpointArgs,
    },
}

#[derive(Subcommand)]
pub enum UserCmd {
    /// Add a user.
    Add {
        /// Login name.
        #[arg(long)]
        name: String,
        /// admin, investigator, analyst or viewer.
        #[arg(long)]
        role: String,
    },
    /// List users with their cases and identity grants.
    List,
    /// Turn on the TOTP second factor for a user (or give them a new secret): prints the
    /// `otpauth://` address for their authenticator app, once.
    Totp {
        /// Login name.
        #[arg(long)]
        name: String,
    },
    /// Create an account as an invitation: prints a one-time code, once; the user then sets their
    /// own password and gets their keys with `attest user accept` (or the web page).
    Invite {
        /// Login name.
        #[arg(long)]
        name: String,
        /// admin, investigator, analyst or viewer.
        #[arg(long)]
        role: String,
        /// Hours the code stays valid (at most two weeks).
        #[arg(long, default_value_t = 72)]
        valid_hours: u32,
    },
    /// Accept an invitation: code from $ATTEST_INVITATION_CODE or a prompt, your new password from
    /// $ATTEST_USER_PASSWORD or a prompt. Makes your key pair.
    Accept {
        /// Login name.
        #[arg(long)]
        name: String,
    },
    /// Change your password (current from $ATTEST_USER_PASSWORD, new from
    /// $ATTEST_NEW_USER_PASSWORD, or prompts); your keys and grants stay.
    Passwd {
        /// Login name.
        #[arg(long)]
        name: String,
    },
    /// Make yourself a new key pair and move your grants to it (password from
    /// $ATTEST_USER_PASSWORD or a prompt); prints the new fingerprint for the custodian.
    Rotate {
        /// Login name.
        #[arg(long)]
        name: String,
    },
    /// Pin a user's current public key after confirming its fingerprint with them out of band.
    Pin {
        /// The user id.
        #[arg(long)]
        user: String,
        /// The fingerprint the user read out (as `attest user rotate` or the web page shows it).
        #[arg(long)]
        fingerprint: String,
    },
    /// Reset an account: a new invitation; the old keys and every grant sealed to them are
    /// deleted at once.
    Reset {
        /// The user id.
        #[arg(long)]
        user: String,
        /// Hours the code stays valid (at most two weeks).
        #[arg(long, default_value_t = 72)]
        valid_hours: u32,
    },
}

#[derive(Subcommand)]
pub enum DependCmd {
    /// Record a dependency: KIND is shared-informant, shared-interviewer or cites (between two
    /// sources; for cites, A cites B), independent or derived (an analyst's decision on a
    /// "possibly derived" pair; for derived, B derives from A), or same-person or
    /// different-person (between two witnesses).
    Add {
        /// The case.
        #[arg(long)]
        case: String,
        /// The kind of dependency.
        #[arg(long)]
        kind: String,
        /// One source or witness id.
        a: String,
        /// The other.
        b: String,
        /// Why (kept in the archive and its log).
        #[arg(long)]
        note: Option<String>,
    },
    /// The declared dependencies of a case.
    List {
        /// The case.
        #[arg(long)]
        case: String,
    },
}

#[derive(Subcommand)]
pub enum EventCmd {
    /// The two claims are about one event.
    Merge(EventArgs),
    /// The two claims are about different events.
    Split(EventArgs),
}

/// Two claims of a case and why.
#[derive(clap::Args)]
pub struct EventArgs {
    /// The case.
    #[arg(long)]
    pub case: String,
    /// One claim.
    pub a: String,
    /// The other.
    pub b: String,
    /// Why.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Subcommand)]
pub enum IntakeCmd {
    /// A saved web page (no network access): main text, title, author and date extracted,
    /// injected link spam removed and reported, the original bytes kept encrypted.
    Web {
        /// The saved page.
        file: PathBuf,
        /// The case.
        #[arg(long)]
        case: String,
        /// Where the page was found.
        #[arg(long)]
        url: Option<String>,
        /// When it was saved (RFC 3339 or a date).
        #[arg(long)]
        fetched_at: Option<String>,
        /// Admiralty grade, e.g. C3.
        #[arg(long)]
        reliability: Option<String>,
    },
    /// A plain-text article or report (UTF-8, UTF-16 with BOM, or EUC-KR/CP949).
    Text {
        /// The file.
        file: PathBuf,
        /// The case.
        #[arg(long)]
        case: String,
        /// Title [default: the first line].
        #[arg(long)]
        title: Option<String>,
        /// Where it was found.
        #[arg(long)]
        url: Option<String>,
        /// Author or outlet.
        #[arg(long)]
        author: Option<String>,
        /// Publication date (EDTF: 2021-03-04, 2021-03).
        #[arg(long)]
        published: Option<String>,
        /// Language (ISO 639).
        #[arg(long)]
        language: Option<String>,
        /// Admiralty grade, e.g. C3.
        #[arg(long)]
        reliability: Option<String>,
    },
}

#[derive(clap::Args)]
pub struct LinkOptions {
    /// The record-id column [default: the first].
    #[arg(long)]
    pub id_column: Option<String>,
    /// A configuration (TOML) to use instead of the inferred one.
    #[arg(long, value_name = "link.toml")]
    pub config: Option<PathBuf>,
    /// Save the configuration used, to edit and pass back with --config.
    #[arg(long, value_name = "FILE")]
    pub save_config: Option<PathBuf>,
    /// Human decisions: CSV with record_id_a, record_id_b, decision (match / non-match).
    #[arg(long, value_name = "review.csv")]
    pub review: Option<PathBuf>,
    /// Match probability at or above which pairs are linked [default: 0.9]. A pair below it
    /// (from 0.4 under it) may still join two clusters when none of the pairs compared across
    /// them is weak (under 0.3 with a field against it) or a decisive disagreement and their
    /// mean is at least 0.2 under the threshold; the summary counts those merges and `link
    /// explain` shows the pairs each used. --links-only turns that off.
    #[arg(long)]
    pub threshold: Option<f64>,
    /// Only links (pairs at or above the threshold) join records: no clusters merged on the
    /// average evidence of pairs below it. Saved with --save-config.
    #[arg(long)]
    pub links_only: bool,
}

#[derive(Subcommand)]
pub enum LinkCmd {
    /// Show, field by field, why two records score as they do.
    Explain {
        /// One file, or two.
        #[arg(required = true, num_args = 1..=2)]
        inputs: Vec<PathBuf>,
        /// First record id.
        #[arg(long)]
        a: String,
        /// Second record id.
        #[arg(long)]
        b: String,
        #[command(flatten)]
        options: LinkOptions,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MethodArg {
    Compare,
    Chapman,
    Loglinear,
    Dga,
    Lcmcr,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CriterionArg {
    Bic,
    Aic,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Case,
    Witness,
    Source,
    Claim,
}

#[derive(Subcommand)]
pub enum CaseCmd {
    /// Add a case.
    Add {
        /// Its title.
        #[arg(long)]
        title: String,
    },
}

#[derive(Subcommand)]
pub enum WitnessCmd {
    /// Add a witness. Sealed values given as `-` are read from standard input, one line each, in
    /// the order name, contact, notes, so they stay out of the shell history and process list.
    Add {
        /// The case.
        #[arg(long)]
        case: String,
        /// The public name used everywhere outside the vault.
        #[arg(long)]
        pseudonym: String,
        /// Legal name (sealed).
        #[arg(long)]
        sealed_name: String,
        /// Contact details (sealed).
        #[arg(long)]
        sealed_contact: Option<String>,
        /// Family details, anything identifying (sealed).
        #[arg(long)]
        sealed_notes: Option<String>,
        /// no-publication (default), publish-pseudonym, publish-anonymous or legal-use-only.
        #[arg(long)]
        consent: Option<String>,
    },
    /// Show a witness's sealed fields; the reveal is written to the audit log first.
    Reveal {
        /// The witness.
        witness: String,
        /// Why, recorded in the log.
        #[arg(long)]
        reason: Option<String>,
        /// Reveal as this workspace user (their password, $ATTEST_USER_PASSWORD or a prompt,
        /// opens their identity grant) instead of as the passphrase holder.
        #[arg(long = "as", value_name = "USER_ID")]
        as_user: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum SourceCmd {
    /// Add a source: `attest source add testimony --case C --witness W --file transcript.txt`.
    Add {
        /// Kind of source: testimony.
        kind: String,
        /// The case.
        #[arg(long)]
        case: String,
        /// The witness who gave the testimony.
        #[arg(long)]
        witness: String,
        /// The transcript (UTF-8, UTF-16 with BOM, or EUC-KR/CP949).
        #[arg(long)]
        file: PathBuf,
        /// The original recording or notes, stored encrypted with its SHA-256.
        #[arg(long)]
        original: Option<PathBuf>,
        /// Language of the transcript (ISO 639: ko, en).
        #[arg(long)]
        language: Option<String>,
        /// Interview date (EDTF: 2020-11-03, 2020-11, 2020?).
        #[arg(long)]
        interviewed: Option<String>,
        /// Who conducted the interview.
        #[arg(long)]
        interviewer: Option<String>,
        /// Admiralty grade, e.g. B2.
        #[arg(long)]
        reliability: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ClaimCmd {
    /// Add a claim backed by a span of a source's text.
    Add {
        /// The source.
        #[arg(long)]
        source: String,
        /// Character range START..END of the source text.
        #[arg(long)]
        span: String,
        /// The act (see `attest act list`).
        #[arg(long)]
        act: String,
        /// Where.
        #[arg(long)]
        place: Option<String>,
        /// When (EDTF: 1953, 199X, 1953/1993, 1990~, 1990?).
        #[arg(long)]
        when: Option<String>,
        /// How many ("about 670", "at least 23", "23, of whom 6 survived").
        #[arg(long)]
        count: Option<String>,
        /// Who suffered it.
        #[arg(long)]
        victim: Option<String>,
        /// Who did it.
        #[arg(long)]
        perpetrator: Option<String>,
        /// How the source knows it: witnessed (saw or experienced it), heard-from-named,
        /// heard-from-unknown or read. Not given: not recorded.
        #[arg(long)]
        basis: Option<String>,
        /// For heard-from-named: the informant (a witness or source id, or a pseudonym; never a
        /// sealed name); for read: what was read.
        #[arg(long)]
        basis_from: Option<String>,
        /// The claim's own information grade, 2-6 (1, "confirmed by other sources", is what
        /// corroboration concludes and is refused).
        #[arg(long)]
        information: Option<String>,
    },
    /// Record (or replace) a claim's basis of knowledge and information grade.
    Assess {
        /// The claim.
        #[arg(long)]
        claim: String,
        /// How the source knows it: witnessed (saw or experienced it), heard-from-named,
        /// heard-from-unknown or read. Not given: not recorded.
        #[arg(long)]
        basis: Option<String>,
        /// For heard-from-named: the informant (a witness or source id, or a pseudonym; never a
        /// sealed name); for read: what was read.
        #[arg(long)]
        basis_from: Option<String>,
        /// The claim's own information grade, 2-6 (1, "confirmed by other sources", is what
        /// corroboration concludes and is refused).
        #[arg(long)]
        information: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum ActCmd {
    /// Add an act to this archive's vocabulary.
    Add {
        /// Slug, e.g. forced-marriage.
        act: String,
        /// One-line description.
        #[arg(long)]
        label: String,
    },
    /// List the vocabulary.
    List,
}
