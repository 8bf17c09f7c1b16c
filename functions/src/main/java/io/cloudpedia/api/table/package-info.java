/**
 * Server-side printing: renders lists as {@code meta.k8s.io/v1} Tables with the columns kubectl shows against a real
 * cluster (Kubernetes' {@code pkg/printers/internalversion}), preceded by a Cluster column as Clusterpedia does.
 *
 * <p>Entry point: {@link io.cloudpedia.api.table.TableConverter#toTable}. Built-in types get their Kubernetes
 * printer ({@link io.cloudpedia.api.table.Printers}); a custom resource gets its CRD's additionalPrinterColumns when
 * the CRD is passed in {@link io.cloudpedia.api.table.TableOptions}; every other type gets the apiserver's default
 * Name + Created At table. Cells that depend on the clock take {@code now} as an argument.
 */
package io.cloudpedia.api.table;
