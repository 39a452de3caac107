//! Document rules: step numbering, procedures of one step, steps that are only
//! an image, duplicate heading ids, moniker ranges declared in `stegvis.toml`.

use foldhash::{HashSet, HashSetExt};

use crate::assemble::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::walk as for_each_block;
use crate::model::{Article, Block, Procedure};

pub fn check(site: &Site, article: &Article, out: &mut Vec<Diagnostic>) {
    for procedure in article.document.procedures() {
        numbering(procedure, out);
        if procedure.steps.len() == 1 {
            out.push(
                Diagnostic::at(
                    Code::SingleStep,
                    procedure.span.clone(),
                    "this procedure has a single step",
                )
                .with_help("if it is not really a procedure, write it as a sentence"),
            );
        }
        for step in &procedure.steps {
            let only_images = !step.blocks.is_empty()
                && step
                    .blocks
                    .iter()
                    .all(|b| matches!(b, Block::Figure { .. }));
            if only_images {
                out.push(
                    Diagnostic::at(
                        Code::StepOnlyImage,
                        step.span.clone(),
                        format!("step {} holds only an image, no instruction", step.position),
                    )
                    .with_help("write what the reader should do above the image"),
                );
            }
        }
    }
    let mut ids = HashSet::new();
    for_each_block(&article.document.blocks, &mut |block| {
        if let Block::Heading(h) = block
            && h.explicit_id
            && !ids.insert(h.id.as_str())
        {
            out.push(
                Diagnostic::at(
                    Code::HeadingIdDuplicate,
                    h.span.clone(),
                    format!("another heading on this page already has the id `{}`", h.id),
                )
                .with_help("links to this id land on the first heading; give this one its own id"),
            );
        }
    });
    if let Some(declared) = &site.config.monikers {
        for_each_block(&article.document.blocks, &mut |block| {
            if let Block::Moniker { range, .. } = block {
                for name in moniker_names(&range.value) {
                    if !declared.iter().any(|d| d == name) {
                        out.push(
                            Diagnostic::at(
                                Code::MonikerUndeclared,
                                range.span.clone(),
                                format!("moniker `{name}` is not declared in stegvis.toml"),
                            )
                            .with_help(format!("declared monikers: {}", declared.join(", "))),
                        );
                    }
                }
            }
        });
    }
}

/// The moniker names in a range expression (`contoso-gov || contoso-2021`).
fn moniker_names(range: &str) -> impl Iterator<Item = &str> {
    range
        .split(|c: char| c.is_whitespace() || "|&<>=!(),".contains(c))
        .filter(|n| !n.is_empty())
}

/// Reports numbers written in the source that differ from the generated
/// numbering. `1.` for every step is fine; so is counting from 1.
fn numbering(procedure: &Procedure, out: &mut Vec<Diagnostic>) {
    let numbers: Vec<Option<u64>> = procedure.steps.iter().map(|s| s.source_number).collect();
    let Some(Some(first)) = numbers.first().copied() else {
        return;
    };
    if numbers.iter().all(|n| *n == Some(first)) && (first == 1 || numbers.len() > 1) {
        if first != 1 {
            // `3. 3. 3.`: lazy numbering, but not from 1.
            out.push(continues(procedure, first));
        }
        return;
    }
    if first != 1 {
        out.push(continues(procedure, first));
        return;
    }
    for step in &procedure.steps {
        let Some(written) = step.source_number else {
            continue;
        };
        let expected = step.position as u64;
        if written != expected {
            out.push(
                Diagnostic::at(
                    Code::StepNumbering,
                    step.span.clone(),
                    format!(
                        "this step is numbered {written}, but it is step {expected} of {}",
                        procedure.steps.len()
                    ),
                )
                .with_help("stegvis numbers steps itself; fix the source so other tools agree")
                .with_fix(step.span.clone(), expected.to_string()),
            );
        }
    }
}

/// A procedure whose source starts at a number other than 1: usually a list
/// that something not indented (an image, a paragraph) cut in two.
fn continues(procedure: &Procedure, first: u64) -> Diagnostic {
    Diagnostic::at(
        Code::StepNumbering,
        procedure.steps[0].span.clone(),
        format!("this procedure starts at {first}, but stegvis starts it at step 1"),
    )
    .with_help(
        "if it continues the list above, indent what stands between them so they stay one list",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moniker_range_names() {
        let names: Vec<&str> = moniker_names(">= contoso-2021 || contoso-gov").collect();
        assert_eq!(names, ["contoso-2021", "contoso-gov"]);
    }
}
