//! Stable codes for the engine's free sentences: each assumption a method states, the kind of
//! reason behind a missing, bounded or uncertain figure (`why`), and the reason for the default
//! method. The English stays the engine's own; the codes let another face (the Korean workspace)
//! say the same thing by code rather than by recognising the English wording. Warnings have their
//! codes in [`crate::diagnostics::WarningCode`].

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

/// Declares a code enum with its list of every code and each code's stable name.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable name (`snake_case`), as serialised.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }
        }
    };
}

codes! {
    /// One thing a method assumes; serialised as `{"code": ..., "text": ...}`.
    Assumption {
        /// Nobody enters or leaves between the lists.
        ClosedPopulation => "closed_population",
        /// Records were linked across lists without error.
        MatchedWithoutError => "matched_without_error",
        /// Two lists are independent (Chapman).
        ListsIndependent => "lists_independent",
        /// Everyone has the same chance of being on each list (Chapman).
        EqualChance => "equal_chance",
        /// The log-linear model's interaction terms describe all dependence.
        DependenceInModelTerms => "dependence_in_model_terms",
        /// No interaction among all lists at once (log-linear).
        NoHighestOrderInteraction => "no_highest_order_interaction",
        /// The model was chosen by a criterion; its uncertainty is not in the interval.
        ModelChosenByCriterion => "model_chosen_by_criterion",
        /// People fall into latent classes (LCMCR).
        LatentClasses => "latent_classes",
        /// LCMCR's priors.
        StickBreakingPrior => "stick_breaking_prior",
        /// Monte Carlo: seeds change the figures slightly.
        MonteCarlo => "monte_carlo",
        /// dga: one of the decomposable graphical models.
        DecomposableGraphs => "decomposable_graphs",
        /// dga: the hyper-Dirichlet prior and its delta.
        HyperDirichletPrior => "hyper_dirichlet_prior",
        /// dga: the prior on the population size.
        PriorOneOverN => "prior_one_over_n",
    }
}

impl Assumption {
    /// The engine's English sentence (unchanged from when assumptions were free text).
    pub fn text(self) -> &'static str {
        match self {
            Assumption::ClosedPopulation => "the population is closed: nobody enters or leaves between the lists",
            Assumption::MatchedWithoutError => "records were matched across lists without error",
            Assumption::ListsIndependent => {
                "the two lists are independent: being on one does not change the chance of being on the other"
            }
            Assumption::EqualChance => "everyone has the same chance of being on each list",
            Assumption::DependenceInModelTerms => {
                "dependence between lists is fully described by the model's interaction terms"
            }
            Assumption::NoHighestOrderInteraction => {
                "there is no interaction among all lists at once (the highest-order term is assumed zero: this cannot be tested)"
            }
            Assumption::ModelChosenByCriterion => {
                "the model was chosen from all hierarchical models by the criterion; the interval does not include model-choice uncertainty"
            }
            Assumption::LatentClasses => {
                "individuals fall into latent classes; within a class, lists capture independently (heterogeneity is modelled, not assumed away)"
            }
            Assumption::StickBreakingPrior => {
                "stick-breaking (Dirichlet process) prior on classes, truncated at K; prior on N proportional to 1/N"
            }
            Assumption::MonteCarlo => "a Monte Carlo result: different seeds give slightly different figures",
            Assumption::DecomposableGraphs => {
                "list dependence follows one of the decomposable graphical models, each equally likely a priori"
            }
            Assumption::HyperDirichletPrior => {
                "hyper-Dirichlet prior with delta prior counts per cell: results can depend strongly on delta (see the sweep)"
            }
            Assumption::PriorOneOverN => "prior on the population size proportional to 1/N",
        }
    }
}

impl Serialize for Assumption {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Assumption", 2)?;
        m.serialize_field("code", self.code())?;
        m.serialize_field("text", self.text())?;
        m.end()
    }
}

codes! {
    /// The kind of reason in an estimate's `why` (serialised as `why_code`). The figures it
    /// quotes are the estimate's own fields (interval, pairs, fit, warnings).
    WhyCode {
        /// Two lists with nobody in common: only a lower bound.
        NoOverlap => "no_overlap",
        /// Chapman: the likelihood sets no upper limit.
        Unbounded => "unbounded",
        /// Chapman over three or more lists: one answer per pair, no single figure.
        PairwiseOnly => "pairwise_only",
        /// Log-linear: the model's likelihood sets no upper limit.
        ModelUnbounded => "model_unbounded",
        /// Log-linear: no profile likelihood; a Wald interval instead.
        NoProfile => "no_profile",
        /// Log-linear: empty cells send the fit to an infinite total; a lower bound only.
        RunsToInfinity => "runs_to_infinity",
        /// Log-linear: empty cells collapse the fit onto the observed; an upper bound only.
        CollapsesOnObserved => "collapses_on_observed",
        /// Log-linear: the Poisson fit runs off; the profile maximum is the figure.
        PoissonRunsOff => "poisson_runs_off",
        /// Log-linear: the model cannot be fitted in any useful way.
        NotFittable => "not_fittable",
        /// dga: the posterior reaches the largest total considered.
        PosteriorAtLimit => "posterior_at_limit",
        /// dga: the posterior collapsed onto one value; no estimate.
        DegeneratePosterior => "degenerate_posterior",
    }
}

codes! {
    /// The reason for the default method (serialised as `default_reason_code`).
    DefaultReasonCode {
        /// Three to five lists: LCMCR is the headline, log-linear and dga beside it.
        LcmcrHeadline => "lcmcr_headline",
        /// More than five lists: LCMCR is the headline and dga is left out.
        LcmcrHeadlineWithoutDga => "lcmcr_headline_without_dga",
        /// Two lists: only Chapman.
        TwoListsOnly => "two_lists_only",
    }
}

/// Codes serialised as their stable name alone.
macro_rules! serialize_as_code {
    ($($name:ident),+) => {$(
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
    )+};
}

serialize_as_code!(WhyCode, DefaultReasonCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_and_serialised_as_the_code() {
        let mut seen = std::collections::HashSet::new();
        let all = Assumption::ALL.iter().map(|a| a.code());
        let all = all.chain(WhyCode::ALL.iter().map(|w| w.code()));
        for code in all.chain(DefaultReasonCode::ALL.iter().map(|d| d.code())) {
            assert!(code.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{code}");
            assert!(seen.insert(code), "{code} twice");
        }
        let json = serde_json::to_value(Assumption::PriorOneOverN).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "code": "prior_one_over_n", "text": "prior on the population size proportional to 1/N" })
        );
        assert_eq!(serde_json::to_value(WhyCode::NoOverlap).unwrap(), "no_overlap");
        assert_eq!(serde_json::to_value(DefaultReasonCode::TwoListsOnly).unwrap(), "two_lists_only");
    }
}

/// The schemas of the codes as they are serialised (a string each; an assumption as its code and
/// words), for the web workspace's OpenAPI document.
#[cfg(feature = "openapi")]
mod openapi {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};

    use super::{Assumption, DefaultReasonCode, WhyCode};

    fn codes(all: impl Iterator<Item = &'static str>, description: &str) -> ObjectBuilder {
        ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::String))
            .enum_values(Some(all.collect::<Vec<_>>()))
            .description(Some(description))
    }

    impl utoipa::PartialSchema for WhyCode {
        fn schema() -> RefOr<Schema> {
            let all = WhyCode::ALL.iter().map(|c| c.code());
            codes(all, "The kind of reason `why` gives").into()
        }
    }
    impl utoipa::ToSchema for WhyCode {}

    impl utoipa::PartialSchema for DefaultReasonCode {
        fn schema() -> RefOr<Schema> {
            let all = DefaultReasonCode::ALL.iter().map(|c| c.code());
            codes(all, "The kind of reason `default_reason` gives").into()
        }
    }
    impl utoipa::ToSchema for DefaultReasonCode {}

    impl utoipa::PartialSchema for Assumption {
        fn schema() -> RefOr<Schema> {
            let code = codes(Assumption::ALL.iter().map(|c| c.code()), "Stable code");
            let text =
                ObjectBuilder::new().schema_type(SchemaType::Type(Type::String)).description(Some("Plain words"));
            ObjectBuilder::new()
                .description(Some("One thing the method assumes"))
                .property("code", code)
                .property("text", text)
                .required("code")
                .required("text")
                .into()
        }
    }
    impl utoipa::ToSchema for Assumption {}
}
