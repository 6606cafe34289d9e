# language: fr
Fonctionnalité: Suivre une opération de construction neuve, de la faisabilité aux garanties
  La direction de la maîtrise d'ouvrage engage une opération, désigne l'architecte, valide
  chaque phase d'études dans l'enveloppe votée, attribue les marchés, suit le chantier,
  prononce la réception dans les délais du CCAG Travaux, confie les logements à la gestion
  locative pour leur première location et suit les garanties jusqu'à la décennale.

  Contexte:
    Étant donné le processus de suivi des opérations de construction déployé
    Et l'équipe de la direction territoriale nord
    Et une opération de construction lancée par "camille"

  Scénario: Une opération va de la faisabilité à la fin de la garantie décennale
    Quand "camille" termine "Étudier la faisabilité de l'opération"
    Et "dominique" termine "Décider l'engagement de l'opération"
    Alors la donnée "dwellings_count" vaut 34
    Quand "camille" termine "Consulter les architectes"
    Et "camille" termine "Désigner l'architecte (procédure adaptée)"
    Alors la donnée "design_phase" vaut "ESQ"
    Quand "camille" termine "Faire valider la phase d'études" 6 fois
    Alors la donnée "design_phase" vaut null
    Quand "camille" termine "Consulter les entreprises et analyser les offres"
    Et "camille" termine "Notifier les marchés et l'ordre de service"
    Alors la donnée "retention_amount" vaut 190000.0
    Et la donnée "planned_completion_date" vaut "2027-09-02"
    Quand "camille" termine "Viser les études d'exécution"
    Et "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ           | valeur |
      | works_completed | true   |
    Et "batiplus" termine "Déclarer l'achèvement des travaux"
    Et "camille" termine "Procéder aux opérations préalables à la réception"
    Et "dominique" termine "Décider la réception des travaux"
    Alors la donnée "guarantee_expiry" vaut {"completion": "2027-03-02", "equipment": "2028-03-02", "structural": "2036-03-02"}
    Quand "theo" termine "Réceptionner le DOE et intégrer l'ouvrage au patrimoine"
    Et "lea" termine "Préparer la première mise en location"
    Alors l'opération est transmise au processus "vacancy_turnaround"
    Quand "gaston" termine "Prendre en charge la résidence livrée"
    Alors le dossier n'attend plus personne
    Quand 366 jours passent
    Et "camille" termine "Statuer sur la retenue de garantie"
    Et "camille" termine "Établir le décompte général et définitif"
    Alors le dossier n'attend plus personne
    Quand 10 ans passent
    Alors le dossier est clos

  Plan du scénario: Le conseil d'administration engage, ajourne ou rejette l'opération
    Quand "camille" termine "Étudier la faisabilité de l'opération"
    Et "dominique" termine "Décider l'engagement de l'opération" avec :
      | champ               | valeur     |
      | commitment_decision | <décision> |
    Alors <suite>

    Exemples:
      | décision  | suite                                                   |
      | approved  | le dossier attend seulement "Consulter les architectes" |
      | adjourned | le dossier attend seulement "Étudier la faisabilité de l'opération" |
      | rejected  | le dossier est clos                                     |

  Plan du scénario: Au-delà du seuil européen, la CAO choisit l'architecte
    Étant donné l'opération arrivée à l'étape "consultation des architectes"
    Quand "camille" termine "Consulter les architectes" avec :
      | champ                   | valeur      |
      | architect_fees_estimate | <honoraires> |
    Alors le dossier attend seulement "<tâche>"

    Exemples:
      | honoraires | tâche                                     |
      | 215999     | Désigner l'architecte (procédure adaptée) |
      | 216000     | Attribuer la maîtrise d'œuvre en CAO      |

  Scénario: La CAO attribue la maîtrise d'œuvre
    Étant donné l'opération arrivée à l'étape "consultation des architectes"
    Quand "camille" termine "Consulter les architectes" avec :
      | champ                   | valeur |
      | architect_fees_estimate | 300000 |
    Alors "cao" voit "Attribuer la maîtrise d'œuvre en CAO" dans ses tâches
    Quand "cao" termine "Attribuer la maîtrise d'œuvre en CAO"
    Alors le dossier attend seulement "Faire valider la phase d'études"

  Plan du scénario: Chaque phase d'études est validée, reprise ou arbitrée
    Étant donné l'opération arrivée à l'étape "conception"
    Quand "camille" termine "Faire valider la phase d'études" avec :
      | champ                | valeur        |
      | phase_estimate       | <estimation>  |
      | phase_owner_decision | <décision>    |
    Alors le dossier attend seulement "<tâche>"
    Et la donnée "design_phase" vaut "<phase>"

    Exemples:
      | estimation | décision | tâche                                   | phase |
      | 4000000    | approved | Faire valider la phase d'études         | APS   |
      | 4000001    | approved | Arbitrer le dépassement de l'enveloppe  | ESQ   |
      | 3500000    | rework   | Faire valider la phase d'études         | ESQ   |

  Plan du scénario: Le directeur arbitre un dépassement de l'enveloppe
    Étant donné l'opération arrivée à l'étape "conception"
    Quand "camille" termine "Faire valider la phase d'études" avec :
      | champ          | valeur  |
      | phase_estimate | 4400000 |
    Et "dominique" termine "Arbitrer le dépassement de l'enveloppe" avec :
      | champ               | valeur     |
      | envelope_decision   | <décision> |
      | new_budget_envelope | 4500000    |
    Alors <suite>

    Exemples:
      | décision       | suite                                                   |
      | redesign       | la donnée "design_phase" vaut "ESQ"                     |
      | raise_envelope | la donnée "design_phase" vaut "APS"                     |
      | raise_envelope | la donnée "budget_envelope" vaut 4500000                |
      | abandon        | le dossier est clos                                     |

  Plan du scénario: Consultation des entreprises infructueuse ou attribuée en CAO
    Étant donné l'opération arrivée à l'étape "consultation des entreprises"
    Quand "camille" termine "Consulter les entreprises et analyser les offres" avec :
      | champ          | valeur    |
      | tender_outcome | <issue>   |
      | works_amount   | <montant> |
    Alors le dossier attend seulement "<tâche>"

    Exemples:
      | issue        | montant | tâche                                            |
      | unsuccessful | 6000000 | Consulter les entreprises et analyser les offres |
      | successful   | 5404000 | Attribuer les marchés de travaux en CAO          |
      | successful   | 5403999 | Notifier les marchés et l'ordre de service       |

  Scénario: Une dérive de coût remonte une seule fois au directeur de la construction
    Étant donné l'opération arrivée à l'étape "chantier"
    Quand "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ                 | valeur  |
      | forecast_final_amount | 4000000 |
    Alors le dossier attend seulement "Arbitrer la dérive de coût ou de délai"
    Quand "dominique" termine "Arbitrer la dérive de coût ou de délai"
    Alors le dossier attend seulement "Tenir la réunion de chantier et valider la situation"
    Quand "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ                 | valeur  |
      | forecast_final_amount | 4000000 |
    Alors le dossier attend seulement "Tenir la réunion de chantier et valider la situation"

  Scénario: Un retard de plus d'un mois sur l'achèvement est escaladé
    Étant donné l'opération arrivée à l'étape "chantier"
    Quand "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ                    | valeur       |
      | forecast_completion_date | "2027-10-15" |
    Alors le dossier attend seulement "Arbitrer la dérive de coût ou de délai"

  Scénario: L'entreprise défaillante est mise en demeure puis remplacée à ses frais
    Étant donné l'opération arrivée à l'étape "chantier"
    Quand "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ                 | valeur |
      | contractor_in_default | true   |
    Et "camille" termine "Mettre l'entreprise en demeure"
    Alors le dossier n'attend plus personne
    Quand 14 jours passent
    Alors le dossier n'attend plus personne
    Quand 4 jours passent
    Alors le dossier attend seulement "Constater la suite donnée à la mise en demeure"
    Quand "camille" termine "Constater la suite donnée à la mise en demeure" avec :
      | champ           | valeur |
      | notice_complied | false  |
    Et "dominique" termine "Faire exécuter les travaux aux frais de l'entreprise"
    Alors le dossier attend seulement "Tenir la réunion de chantier et valider la situation"

  Scénario: L'entreprise mise en demeure s'exécute et le chantier reprend
    Étant donné l'opération arrivée à l'étape "chantier"
    Quand "camille" termine "Tenir la réunion de chantier et valider la situation" avec :
      | champ                 | valeur |
      | contractor_in_default | true   |
    Et "camille" termine "Mettre l'entreprise en demeure"
    Et 18 jours passent
    Et "camille" termine "Constater la suite donnée à la mise en demeure"
    Alors le dossier attend seulement "Tenir la réunion de chantier et valider la situation"

  Scénario: La situation mensuelle non validée en 30 jours est escaladée au directeur
    Étant donné l'opération arrivée à l'étape "chantier"
    Alors "Tenir la réunion de chantier et valider la situation" est due le 2026-04-01
    Quand 31 jours passent
    Et le suivi des délais passe
    Alors "Tenir la réunion de chantier et valider la situation" est escaladée au rôle "director"
    Et "dominique" voit "Tenir la réunion de chantier et valider la situation" dans ses tâches

  Scénario: Sans opérations préalables dans les 20 jours, la direction fixe la date d'office
    Étant donné l'opération arrivée à l'étape "achèvement"
    Quand "batiplus" termine "Déclarer l'achèvement des travaux"
    Et 20 jours passent
    Alors le dossier attend seulement "Procéder aux opérations préalables à la réception"
    Quand 2 jours passent
    Alors le dossier attend "Fixer d'office la date des opérations préalables"
    Et le dossier attend "Procéder aux opérations préalables à la réception"
    Quand "dominique" termine "Fixer d'office la date des opérations préalables"
    Alors le dossier attend seulement "Procéder aux opérations préalables à la réception"

  Plan du scénario: Le maître d'ouvrage prononce ou refuse la réception
    Étant donné l'opération arrivée à l'étape "décision de réception"
    Quand "dominique" termine "Décider la réception des travaux" avec :
      | champ              | valeur     |
      | reception_decision | <décision> |
    Alors le dossier attend seulement "<tâche>"

    Exemples:
      | décision                  | tâche                                                   |
      | granted                   | Réceptionner le DOE et intégrer l'ouvrage au patrimoine |
      | granted_with_reservations | Lever les réserves                                      |
      | refused                   | Faire reprendre les ouvrages                            |

  Scénario: Une réception refusée renvoie l'entreprise à un nouvel avis d'achèvement
    Étant donné l'opération arrivée à l'étape "décision de réception"
    Quand "dominique" termine "Décider la réception des travaux" avec :
      | champ              | valeur  |
      | reception_decision | refused |
    Et "camille" termine "Faire reprendre les ouvrages"
    Alors le dossier attend seulement "Déclarer l'achèvement des travaux"

  Scénario: Sans décision dans les 30 jours, la proposition de l'architecte vaut réception
    Étant donné l'opération arrivée à l'étape "opérations préalables"
    Quand "camille" termine "Procéder aux opérations préalables à la réception" avec :
      | champ              | valeur                    |
      | reception_proposal | granted_with_reservations |
    Et 30 jours passent
    Alors le dossier attend seulement "Décider la réception des travaux"
    Quand 2 jours passent
    Alors le dossier attend seulement "Lever les réserves"
    Et la donnée "reception_deemed_accepted" vaut true
    Et la donnée "reception_decision" vaut "granted_with_reservations"

  Scénario: Les réserves restantes sont reprises jusqu'à leur levée complète
    Étant donné l'opération arrivée à l'étape "décision de réception"
    Quand "dominique" termine "Décider la réception des travaux" avec :
      | champ              | valeur                    |
      | reception_decision | granted_with_reservations |
    Alors la donnée "reservations_last_day" vaut "2026-06-02"
    Quand "batiplus" termine "Lever les réserves"
    Et "camille" termine "Constater la levée des réserves" avec :
      | champ                   | valeur |
      | all_reservations_lifted | false  |
    Alors le dossier attend seulement "Lever les réserves"
    Quand "batiplus" termine "Lever les réserves"
    Et "camille" termine "Constater la levée des réserves"
    Alors le dossier attend seulement "Réceptionner le DOE et intégrer l'ouvrage au patrimoine"

  Scénario: Réserves non levées à 3 mois : mise en demeure puis levée aux frais de l'entreprise
    Étant donné l'opération arrivée à l'étape "décision de réception"
    Quand "dominique" termine "Décider la réception des travaux" avec :
      | champ              | valeur                    |
      | reception_decision | granted_with_reservations |
    Et 92 jours passent
    Alors le dossier attend seulement "Lever les réserves"
    Quand un jour passe
    Alors le dossier attend seulement "Mettre l'entreprise en demeure de lever les réserves"
    Quand "camille" termine "Mettre l'entreprise en demeure de lever les réserves"
    Et "dominique" termine "Faire lever les réserves aux frais de l'entreprise"
    Alors le dossier attend seulement "Réceptionner le DOE et intégrer l'ouvrage au patrimoine"

  Scénario: La première mise en location non préparée en 10 jours ouvrés est escaladée
    Étant donné l'opération arrivée à l'étape "mise en location"
    Alors "Préparer la première mise en location" est due le 2026-03-16
    Quand 15 jours passent
    Et le suivi des délais passe
    Alors "Préparer la première mise en location" est escaladée au rôle "territorial_manager"
    Et "rene" voit "Préparer la première mise en location" dans ses tâches

  Scénario: Une opposition motivée retient la garantie jusqu'à la reprise des désordres
    Étant donné l'opération arrivée à l'étape "mise en location"
    Quand "lea" termine "Préparer la première mise en location"
    Et "gaston" termine "Prendre en charge la résidence livrée"
    Et 365 jours passent
    Alors le dossier n'attend plus personne
    Quand 2 jours passent
    Et "camille" termine "Statuer sur la retenue de garantie" avec :
      | champ                 | valeur                      |
      | objection_lodged      | true                        |
      | objection_reason      | Infiltrations en toiture    |
      | retention_released_on | null                        |
    Alors le dossier attend seulement "Lever l'opposition et libérer la retenue"
    Quand "dominique" termine "Lever l'opposition et libérer la retenue"
    Alors le dossier attend seulement "Établir le décompte général et définitif"

  Scénario: Un taux de retenue de garantie au-delà de 5 % est refusé sans rien changer
    Étant donné l'opération arrivée à l'étape "ordre de service"
    Quand "camille" essaie de terminer "Notifier les marchés et l'ordre de service" avec :
      | champ                  | valeur |
      | retention_rate_percent | 7      |
    Alors la saisie est refusée sur le champ "retention_rate_percent"
    Et le dossier attend seulement "Notifier les marchés et l'ordre de service"

  Scénario: Une opération engagée sans enveloppe est refusée
    Quand "camille" termine "Étudier la faisabilité de l'opération"
    Et "dominique" essaie de terminer "Décider l'engagement de l'opération" avec :
      | champ           | valeur |
      | budget_envelope | null   |
    Alors la saisie est refusée sur le champ "budget_envelope"
    Et le dossier attend seulement "Décider l'engagement de l'opération"
