// What every reporter takes: kept apart from index.ts (the map of reporters) so that a reporter never imports the
// module that imports it.
import type { AuditReport } from "../engine/types.js";

export interface RenderOptions {
  /** ANSI colour (the CLI decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** Prometheus: add per-container series. */
  metricsPerContainer?: boolean;
  /** Markdown: the accepted earlier report (--baseline), to say what changed since. */
  baseline?: AuditReport;
  /** ASFF: the account and product ARN (or region) the findings are for; with `baseline`, resolved ones are archived. */
  asff?: AsffOptions;
}

/** ASFF (-f asff): which account's Security Hub the findings are for. */
export interface AsffOptions {
  /** The 12-digit AWS account the findings belong to. */
  accountId: string;
  /** The product ARN; default arn:aws:securityhub:<region>:<account>:product/<account>/default. */
  productArn?: string;
  /** The region of the default product ARN (and of Resources). */
  region?: string;
}

export type Reporter = (report: AuditReport, options: RenderOptions) => string;
