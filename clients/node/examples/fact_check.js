#!/usr/bin/env node
'use strict';
// A fact-checker's session with EvidenceGraph: record a claim, two studies
// (one for, one against) and an expert's critique of the supporting study;
// ask whether the claim holds and why; ask what if the critique were left
// out; save the explanation's picture as Graphviz DOT.
//
//   node clients/node/examples/fact_check.js --addr 127.0.0.1:50051 --dot claim.dot
const crypto = require('node:crypto');
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { connect } = require('../lib');

function verdictName(v) {
  return String(v).replace(/^VERDICT_/, '').replace(/_/g, ' ').toLowerCase();
}

async function recordEvidence(eg, suffix) {
  const claim = await eg.createNode({
    displayTitle: 'Foam rolling speeds recovery',
    labels: ['foam-rolling', 'recovery'],
    claim: {
      statement: 'Foam rolling after hard exercise speeds the recovery of muscle strength.',
      context: 'Recreational athletes, 24-72 h after eccentric exercise.',
    },
  }, { nodeId: `foam-rolling-speeds-recovery-${suffix}` });
  const pro = await eg.createNode({
    displayTitle: 'Small crossover trial (n=16)',
    study: {
      citation: { title: 'Foam rolling and strength recovery after squats',
                  venue: 'Journal of Example Sport Science', year: 2015 },
      design: 'STUDY_DESIGN_RCT', population: '16 trained men', sampleSize: 16,
      outcome: 'maximal voluntary contraction at 48 h', effectSize: 8,
      effectMeasure: 'EFFECT_MEASURE_PERCENT_CHANGE', followUpDays: 3,
      finding: 'FINDING_DIRECTION_POSITIVE',
    },
  }, { nodeId: `foam-rolling-trial-${suffix}` });
  const con = await eg.createNode({
    displayTitle: 'Systematic review of 21 trials',
    study: {
      citation: { title: 'Foam rolling for recovery: a systematic review',
                  venue: 'Example Reviews in Sport Medicine', year: 2019 },
      design: 'STUDY_DESIGN_SYSTEMATIC_REVIEW', population: '21 trials, 450 participants',
      sampleSize: 450, outcome: 'strength recovery', followUpDays: 3,
      finding: 'FINDING_DIRECTION_NULL', grading: { pooledStudies: 21 },
    },
  }, { nodeId: `foam-rolling-review-${suffix}` });
  await eg.createEdge({ source: pro.name, kind: 'EDGE_KIND_SUPPORTS', target: claim.name,
                        note: '8% more strength at 48 h' });
  await eg.createEdge({ source: con.name, kind: 'EDGE_KIND_REFUTES', target: claim.name,
                        note: 'no effect on strength recovery across 21 trials' });
  const expert = await eg.createNode({
    expert: { fullName: 'Dana Reviewer', credentials: 'PhD',
              affiliation: 'Example Institute of Sport', field: 'exercise physiology',
              expertise: 3 },
  }, { nodeId: `dana-reviewer-${suffix}` });
  const critique = await eg.createNode({
    displayTitle: 'Sixteen men cannot show an 8% effect',
    critique: { kind: 'CRITIQUE_KIND_SMALL_SAMPLE', substantiated: true,
                text: 'With 16 participants the confidence interval of an 8% difference ' +
                      'includes no effect at all.' },
  }, { nodeId: `small-sample-${suffix}` });
  await eg.createEdge({ source: expert.name, kind: 'EDGE_KIND_AUTHORED', target: critique.name });
  const targets = await eg.createEdge({ source: critique.name, kind: 'EDGE_KIND_TARGETS',
                                        target: pro.name, attackType: 'ATTACK_TYPE_UNDERMINE' });
  return { claim, pro, con, expert, critique, targets };
}

// The whole session; `out` receives the lines a person would read.
async function run(eg, dotPath, { suffix = crypto.randomBytes(3).toString('hex'),
                                  out = console.log } = {}) {
  const { claim, pro, con, expert, critique, targets } = await recordEvidence(eg, suffix);
  out(`recorded ${claim.name}, ${pro.name}, ${con.name}, ${critique.name} (by ${expert.name})`);

  const explanation = await eg.explainClaim(claim.name, { includeDot: true });
  out(`\n${claim.name}: ${verdictName(explanation.verdict)} (strength ` +
      `${explanation.strength.toFixed(2)}, P=${explanation.pro.toFixed(2)}, ` +
      `N=${explanation.con.toFixed(2)})`);
  for (const [side, items] of [['for', explanation.supporting], ['against', explanation.refuting]]) {
    for (const item of items) {
      out(`  ${side.padEnd(7)} ${item.source}: base ${item.baseScore.toFixed(2)} -> ` +
          `${item.strength.toFixed(2)}`);
      for (const reason of item.gradingReasons) out(`            ${reason}`);
      for (const hit of item.critiques) {
        out(`            hit by ${hit.critique} (${hit.authorDisplayNames.join(', ') || 'no author'})`);
      }
    }
  }
  out(`  ${explanation.summary}`);

  const whatIf = await eg.explainClaim(claim.name, { without: [critique.name] });
  const w = whatIf.whatIf;
  out(`\nwithout ${critique.name}: ${verdictName(whatIf.verdict)} (strength ` +
      `${whatIf.strength.toFixed(2)}, ${w.delta >= 0 ? '+' : ''}${w.delta.toFixed(2)} against ` +
      `${verdictName(w.baselineVerdict)} ${w.baselineStrength.toFixed(2)}; verdict ` +
      `${w.verdictChanged ? 'changes' : 'stays'})`);

  await fs.promises.writeFile(dotPath, explanation.dot);
  out(`\nexplanation graph saved to ${dotPath} (render: dot -Tsvg ${dotPath})`);
  return { claim: claim.name, supportingStudy: pro.name, refutingStudy: con.name,
           expert: expert.name, critique: critique.name, targetsEdge: targets.name,
           explanation, whatIf, dotPath };
}

async function main() {
  const { values } = parseArgs({ options: {
    addr: { type: 'string', default: process.env.EVIDENCEGRAPH_ADDR || '127.0.0.1:50051' },
    dot: { type: 'string', default: 'fact_check.dot' },
    suffix: { type: 'string', default: '' },
  } });
  const eg = connect(values.addr, { timeoutMs: 30000 });
  try {
    await run(eg, values.dot, values.suffix ? { suffix: values.suffix } : {});
  } finally {
    eg.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(String(err));
    process.exitCode = 1;
  });
}

module.exports = { run };
