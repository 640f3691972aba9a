//! The lines `trellis prove` and `trellis aggregate` print while they aggregate.

use trellis_sdk::AggregationEvent;

/// The line describing an aggregation step.
pub fn describe_aggregation(event: &AggregationEvent) -> String {
    match event {
        AggregationEvent::Level { level: 0, nodes } => {
            format!("aggregating: {nodes} leaf proof(s), each verifying segment proofs")
        }
        AggregationEvent::Level { level, nodes } => {
            format!("aggregating: level {level}, {nodes} node(s) joining the proofs below")
        }
        AggregationEvent::Shrink { level } => format!(
            "aggregating: level {level}, the shrink proof (blowup 16, fewer queries: a small program verifies it)"
        ),
        AggregationEvent::Root { level } => format!(
            "aggregating: level {level}, the root proof (final parameters: blowup 64, fewest queries)"
        ),
        AggregationEvent::Proven {
            level,
            node,
            seconds,
        } => format!("aggregation node {level}.{node}: proven in {seconds:.2} s"),
        AggregationEvent::Reused { level, node } => {
            format!("aggregation node {level}.{node}: proof kept from the work directory")
        }
        AggregationEvent::Discarded {
            level,
            node,
            reason,
        } => format!(
            "aggregation node {level}.{node}: redoing, the kept proof is unusable ({reason})"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_names_its_node() {
        let line = describe_aggregation(&AggregationEvent::Proven {
            level: 1,
            node: 2,
            seconds: 0.5,
        });
        assert!(
            line.contains("node 1.2") && line.contains("0.50 s"),
            "{line}"
        );
        let line = describe_aggregation(&AggregationEvent::Discarded {
            level: 0,
            node: 3,
            reason: "truncated".into(),
        });
        assert!(
            line.contains("node 0.3") && line.contains("truncated"),
            "{line}"
        );
        let line = describe_aggregation(&AggregationEvent::Level { level: 0, nodes: 4 });
        assert!(line.contains("4 leaf proof(s)"), "{line}");
    }
}
