// "Copy as Markdown": the workflow, the scenario and what ghaplay computed, ready to paste into
// an issue. Code fences are longer than any run of backticks inside them.

function fence(text, lang) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const mark = '`'.repeat(longest + 1);
  return `${mark}${lang}\n${text.replace(/\n$/, '')}\n${mark}`;
}

function cell(text) {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** state: {workflow, scenario (JSON text), result (or null), url, version}. */
export function toMarkdown({ workflow, scenario, result, url, version }) {
  const out = [];
  out.push(`### ghaplay${version ? ` ${version}` : ''}`, '');
  if (url) out.push(`[Open this in ghaplay](${url})`, '');
  out.push('<details open><summary>Workflow</summary>', '', fence(workflow, 'yaml'), '', '</details>', '');
  out.push('<details><summary>Scenario</summary>', '', fence(scenario || '{}', 'json'), '', '</details>', '');
  if (!result) {
    out.push('_No result yet._');
    return out.join('\n');
  }
  if (!result.valid) out.push('**GitHub would refuse to start this workflow.**', '');
  const jobs = Object.entries(result.jobs ?? {});
  if (jobs.length) {
    out.push('| job | result | outputs | set by |', '| --- | --- | --- | --- |');
    for (const [id, job] of jobs) {
      const outputs = Object.entries(job.outputs).map(([k, v]) => `\`${k}\` = ${JSON.stringify(v)}`).join('<br>');
      const sources = Object.entries(job.outputSources ?? {}).map(([k, v]) => `${k}: ${v}`).join('<br>');
      out.push(`| ${cell(id)} | ${job.result} | ${cell(outputs)} | ${cell(sources)} |`);
    }
    out.push('');
    for (const [id, job] of jobs) {
      if (Object.keys(job.needs).length === 0) continue;
      out.push(`\`toJSON(needs)\` in **${id}**:`, '', fence(job.needsJSON, 'json'), '');
    }
  }
  const outputs = Object.entries(result.outputs ?? {});
  if (outputs.length) out.push('Workflow outputs:', '', fence(JSON.stringify(result.outputs, null, 2), 'json'), '');
  const diagnostics = result.diagnostics ?? [];
  if (diagnostics.length) {
    out.push('Diagnostics:', '');
    for (const d of diagnostics) {
      const where = d.line > 0 ? `line ${d.line}:${d.column}` : (d.job ? `job ${d.job}` : 'workflow');
      out.push(`- **${d.severity}** \`${d.code}\` (${where}): ${d.message.replace(/\r?\n/g, ' ')}`);
    }
    out.push('');
  }
  return out.join('\n');
}
