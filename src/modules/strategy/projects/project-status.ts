/** A project status in words, per language (also used by the notices and the monitoring module). */
export const PROJECT_STATUS_TEXT: Record<string, Record<'ro' | 'en' | 'hu', string>> = {
  idea: { ro: 'idee', en: 'idea', hu: 'ötlet' },
  planned: { ro: 'planificat', en: 'planned', hu: 'tervezett' },
  in_preparation: { ro: 'în pregătire', en: 'in preparation', hu: 'előkészítés alatt' },
  funding_requested: { ro: 'finanțare solicitată', en: 'funding requested', hu: 'finanszírozás kérelmezve' },
  in_progress: { ro: 'în derulare', en: 'in progress', hu: 'folyamatban' },
  completed: { ro: 'finalizat', en: 'completed', hu: 'befejezett' },
  suspended: { ro: 'suspendat', en: 'suspended', hu: 'felfüggesztett' },
  cancelled: { ro: 'anulat', en: 'cancelled', hu: 'törölt' },
};
