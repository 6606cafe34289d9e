# language: fr
Fonctionnalité: Réhabilitation et entretien programmé du patrimoine
  Le technicien patrimoine inscrit un bâtiment au programme annuel, le conseil vote le budget,
  le conducteur d'opération fait le diagnostic et passe les marchés, les locataires sont
  consultés quand loyers ou charges changent, l'entreprise travaille en site occupé avec le
  gardien pour relais, puis viennent la réception et l'année de parfait achèvement.
  Chaque étape est enregistrée puis relue depuis la base avant la suivante.

  Contexte:
    Étant donné le processus "refurbishment" déployé
    Et l'équipe du territoire "nord" :
      | identifiant | rôle                     |
      | thomas      | technicien patrimoine    |
      | diane       | directeur                |
      | paul        | conducteur d'opération   |
      | claire      | chargé de clientèle      |
      | lucie       | locataire                |
      | gaston      | gardien                  |
      | batibrie    | entreprise               |
      | rachel      | responsable territorial  |
      | gilles      | CGL                      |
      | cao         | commission               |

  Scénario: Une réhabilitation va du programme annuel à la fin de la garantie de parfait achèvement
    Quand "thomas" lance une opération sur le bâtiment "nord/les-tilleuls/b2"
    Alors "thomas" voit la tâche "Inscrire l'opération au programme annuel"
    Quand "thomas" termine la tâche "Inscrire l'opération au programme annuel" avec :
      | champ          | valeur |
      | energy_rating  | G      |
    Alors la donnée "letting_ban_year" du dossier vaut "2025"
    Et la donnée "letting_banned" du dossier vaut "true"
    Quand "diane" termine la tâche "Faire voter le programme et le budget"
    Et "paul" termine la tâche "Réaliser le diagnostic et le repérage amiante"
    Alors "claire" voit la tâche "Informer les locataires des travaux"
    Quand "claire" termine la tâche "Informer les locataires des travaux"
    Et "paul" termine la tâche "Établir le dossier de consultation des entreprises"
    Alors la donnée "tender_procedure" du dossier vaut "adapted"
    Quand "paul" termine la tâche "Analyser les offres et attribuer le marché"
    Alors le dossier attend la tâche "Notifier individuellement chaque locataire"
    Quand "claire" termine la tâche "Notifier individuellement chaque locataire"
    Alors "batibrie" voit la tâche "Réaliser les travaux en site occupé"
    Quand "batibrie" termine la tâche "Réaliser les travaux en site occupé"
    Et "gaston" termine la tâche "Faire le point de site avant réception"
    Et "paul" termine la tâche "Mener les opérations préalables à la réception"
    Et "diane" termine la tâche "Décider de la réception des travaux"
    Alors la donnée "guarantee_end" du dossier vaut "2027-03-02"
    Et le dossier attend la tâche "Réaliser l'enquête de satisfaction"
    Quand "claire" termine la tâche "Réaliser l'enquête de satisfaction"
    Alors le dossier n'attend aucune tâche
    Quand 365 jours passent
    Alors le dossier n'attend aucune tâche
    Quand 1 jours passent
    Alors le dossier attend la tâche "Clore la garantie de parfait achèvement"
    Quand "paul" termine la tâche "Clore la garantie de parfait achèvement"
    Alors le dossier est terminé

  Plan du scénario: Le conseil d'administration vote, reporte ou rejette l'opération
    Étant donné que les formulaires répondent :
      | champ          | valeur      |
      | board_decision | <décision>  |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Faire voter le programme et le budget"
    Quand "diane" termine la tâche "Faire voter le programme et le budget"
    Alors <suite>

    Exemples:
      | décision  | suite                                                                     |
      | approved  | le dossier attend la tâche "Réaliser le diagnostic et le repérage amiante" |
      | postponed | le dossier attend la tâche "Inscrire l'opération au programme annuel"      |
      | rejected  | le dossier est terminé                                                    |

  Scénario: Une opération jugée infaisable au diagnostic s'arrête
    Étant donné que les formulaires répondent :
      | champ    | valeur |
      | feasible | false  |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Réaliser le diagnostic et le repérage amiante"
    Quand "paul" termine la tâche "Réaliser le diagnostic et le repérage amiante"
    Alors le dossier est terminé

  Plan du scénario: Des travaux qui changent loyers ou charges imposent la concertation locative
    Étant donné que les formulaires répondent :
      | champ                | valeur    |
      | works_change_rent    | <loyers>  |
      | works_change_charges | <charges> |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Réaliser le diagnostic et le repérage amiante"
    Quand "paul" termine la tâche "Réaliser le diagnostic et le repérage amiante"
    Alors "claire" voit la tâche "<tâche>"

    Exemples:
      | loyers | charges | tâche                                  |
      | true   | false   | Organiser la concertation locative     |
      | false  | true    | Organiser la concertation locative     |
      | false  | false   | Informer les locataires des travaux    |

  Scénario: Les représentants des locataires rendent leur avis pendant la concertation
    Étant donné que les formulaires répondent :
      | champ             | valeur |
      | works_change_rent | true   |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Organiser la concertation locative"
    Quand "claire" termine la tâche "Organiser la concertation locative"
    Alors "lucie" voit la tâche "Rendre l'avis des représentants des locataires"
    Quand "lucie" termine la tâche "Rendre l'avis des représentants des locataires"
    Alors le dossier attend la tâche "Établir le dossier de consultation des entreprises"
    Et la donnée "tenant_opinion" du dossier vaut "favourable"

  Scénario: Sans avis des locataires au bout d'un mois, la concertation est close sans observation
    Étant donné que les formulaires répondent :
      | champ             | valeur |
      | works_change_rent | true   |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Rendre l'avis des représentants des locataires"
    Quand 30 jours passent
    Alors le dossier attend la tâche "Rendre l'avis des représentants des locataires"
    Quand 2 jours passent
    Alors le dossier attend la tâche "Établir le dossier de consultation des entreprises"
    Et la donnée "tenant_opinion" du dossier vaut "no_answer"

  Plan du scénario: Le seuil européen des marchés de travaux décide de la commission d'appel d'offres
    Étant donné que les formulaires répondent :
      | champ                     | valeur     |
      | estimated_amount_excl_tax | <montant>  |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Établir le dossier de consultation des entreprises"
    Quand "paul" termine la tâche "Établir le dossier de consultation des entreprises"
    Alors le dossier attend la tâche "<tâche>"

    Exemples:
      | montant | tâche                                                |
      | 5403999 | Analyser les offres et attribuer le marché           |
      | 5404000 | Attribuer le marché en commission d'appel d'offres   |

  Scénario: Un appel d'offres infructueux relance la consultation des entreprises
    Étant donné que les formulaires répondent :
      | champ                     | valeur  |
      | estimated_amount_excl_tax | 6000000 |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Attribuer le marché en commission d'appel d'offres"
    Alors "cao" voit la tâche "Attribuer le marché en commission d'appel d'offres"
    Quand "cao" termine la tâche "Attribuer le marché en commission d'appel d'offres" avec :
      | champ        | valeur       |
      | cao_decision | unsuccessful |
    Alors le dossier attend la tâche "Établir le dossier de consultation des entreprises"

  Plan du scénario: Une dérive du coût au-delà de 10 % du budget voté passe en comité d'engagement
    Étant donné que les formulaires répondent :
      | champ           | valeur   |
      | approved_budget | 100000   |
      | award_amount    | <marché> |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Analyser les offres et attribuer le marché"
    Quand "paul" termine la tâche "Analyser les offres et attribuer le marché"
    Alors le dossier attend la tâche "<tâche>"

    Exemples:
      | marché | tâche                                         |
      | 110000 | Notifier individuellement chaque locataire    |
      | 110001 | Arbitrer la dérive en comité d'engagement     |

  Plan du scénario: Le comité d'engagement accepte le dépassement ou arrête l'opération
    Étant donné que les formulaires répondent :
      | champ           | valeur |
      | approved_budget | 100000 |
      | award_amount    | 150000 |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Arbitrer la dérive en comité d'engagement"
    Quand "diane" termine la tâche "Arbitrer la dérive en comité d'engagement" avec :
      | champ              | valeur       |
      | committee_decision | <décision>   |
      | approved_budget    | 160000       |
    Alors <suite>

    Exemples:
      | décision        | suite                                                                  |
      | approve_overrun | le dossier attend la tâche "Notifier individuellement chaque locataire" |
      | abandon         | le dossier est terminé                                                 |

  Plan du scénario: L'avis aux locataires doit laisser 15 jours et fixer l'accès un jour ouvré
    Étant donné une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Notifier individuellement chaque locataire"
    Quand "claire" termine la tâche "Notifier individuellement chaque locataire" avec :
      | champ        | valeur       |
      | notice_date  | 2026-03-20   |
      | access_start | <accès>      |
      | access_end   | 2026-04-30   |
    Alors le dossier attend la tâche "<tâche>"

    Exemples:
      | accès      | tâche                                         |
      | 2026-04-03 | Notifier individuellement chaque locataire    |
      | 2026-04-06 | Notifier individuellement chaque locataire    |
      | 2026-04-04 | Notifier individuellement chaque locataire    |
      | 2026-04-07 | Réaliser les travaux en site occupé           |

  Plan du scénario: Le compte rendu de l'entreprise oriente le chantier
    Étant donné une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Réaliser les travaux en site occupé"
    Quand "batibrie" termine la tâche "Réaliser les travaux en site occupé" avec :
      | champ            | valeur       |
      | works_event      | <situation>  |
      | refused_dwelling | logt-12      |
    Alors "<qui>" voit la tâche "<tâche>"

    Exemples:
      | situation          | qui    | tâche                                              |
      | completed          | gaston | Faire le point de site avant réception             |
      | access_refused     | claire | Mettre en demeure le locataire de laisser l'accès  |
      | asbestos_suspected | diane  | Décider de la reprise après alerte amiante         |
      | amendment_needed   | batibrie | Chiffrer l'avenant                               |

  Scénario: Un locataire qui refuse l'accès malgré la mise en demeure remonte au responsable territorial
    Étant donné que les formulaires répondent :
      | champ            | valeur         |
      | works_event      | access_refused |
      | refused_dwelling | logt-12        |
      | access_obtained  | false          |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Mettre en demeure le locataire de laisser l'accès"
    Quand "claire" termine la tâche "Mettre en demeure le locataire de laisser l'accès"
    Alors "rachel" voit la tâche "Décider des suites du refus d'accès"
    Quand "rachel" termine la tâche "Décider des suites du refus d'accès"
    Alors le dossier attend la tâche "Réaliser les travaux en site occupé"

  Scénario: La mise en demeure obtient l'accès et le chantier reprend
    Étant donné que les formulaires répondent :
      | champ            | valeur         |
      | works_event      | access_refused |
      | refused_dwelling | logt-12        |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Mettre en demeure le locataire de laisser l'accès"
    Quand "claire" termine la tâche "Mettre en demeure le locataire de laisser l'accès"
    Alors le dossier attend la tâche "Réaliser les travaux en site occupé"

  Plan du scénario: Une suspicion d'amiante arrête le chantier et le directeur décide de la suite
    Étant donné que les formulaires répondent :
      | champ       | valeur             |
      | works_event | asbestos_suspected |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Décider de la reprise après alerte amiante"
    Alors la donnée "works_stopped" du dossier vaut "true"
    Quand "diane" termine la tâche "Décider de la reprise après alerte amiante" avec :
      | champ             | valeur      |
      | asbestos_decision | <décision>  |
    Alors <suite>

    Exemples:
      | décision | suite                                                            |
      | resume   | le dossier attend la tâche "Réaliser les travaux en site occupé" |
      | abandon  | le dossier est terminé                                           |

  Scénario: Un avenant qui fait dériver le coût passe en comité, puis le chantier reprend
    Étant donné que les formulaires répondent :
      | champ            | valeur           |
      | approved_budget  | 100000           |
      | award_amount     | 100000           |
      | works_event      | amendment_needed |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Chiffrer l'avenant"
    Quand "batibrie" termine la tâche "Chiffrer l'avenant" avec :
      | champ            | valeur |
      | amendment_amount | 10000  |
    Alors le dossier attend la tâche "Réaliser les travaux en site occupé"
    Quand "batibrie" termine la tâche "Réaliser les travaux en site occupé" avec :
      | champ       | valeur           |
      | works_event | amendment_needed |
    Et "batibrie" termine la tâche "Chiffrer l'avenant" avec :
      | champ            | valeur |
      | amendment_amount | 5000   |
    Alors le dossier attend la tâche "Arbitrer la dérive en comité d'engagement"
    Et la donnée "contract_amount" du dossier vaut "115000"
    Quand "diane" termine la tâche "Arbitrer la dérive en comité d'engagement" avec :
      | champ              | valeur          |
      | committee_decision | approve_overrun |
      | approved_budget    | 120000          |
    Alors le dossier attend la tâche "Réaliser les travaux en site occupé"

  Plan du scénario: La décision de réception oriente la suite
    Étant donné une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Décider de la réception des travaux"
    Quand "diane" termine la tâche "Décider de la réception des travaux" avec :
      | champ              | valeur      |
      | reception_decision | <décision>  |
    Alors le dossier attend la tâche "<tâche>"

    Exemples:
      | décision                  | tâche                                |
      | granted                   | Réaliser l'enquête de satisfaction   |
      | granted_with_reservations | Lever les réserves                   |
      | refused                   | Réaliser les travaux en site occupé  |

  Scénario: Sans décision du maître d'ouvrage en 30 jours, la proposition du maître d'œuvre vaut réception
    Étant donné que les formulaires répondent :
      | champ              | valeur                    |
      | architect_proposal | granted_with_reservations |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Décider de la réception des travaux"
    Quand 29 jours passent
    Alors le dossier attend la tâche "Décider de la réception des travaux"
    Quand 2 jours passent
    Alors le dossier attend la tâche "Lever les réserves"
    Et la donnée "reception_deemed" du dossier vaut "true"
    Et la donnée "reception_decision" du dossier vaut "granted_with_reservations"

  Scénario: Des réserves non levées en 3 mois déclenchent la mise en demeure de l'entreprise
    Étant donné que les formulaires répondent :
      | champ              | valeur                    |
      | reception_decision | granted_with_reservations |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Lever les réserves"
    Alors la tâche "Lever les réserves" est due le "2026-06-02"
    Quand 93 jours passent
    Alors le dossier attend les tâches "Lever les réserves" et "Mettre l'entreprise en demeure de lever les réserves"
    Quand "paul" termine la tâche "Mettre l'entreprise en demeure de lever les réserves"
    Et "batibrie" termine la tâche "Lever les réserves"
    Alors le dossier attend la tâche "Réaliser l'enquête de satisfaction"

  Scénario: Des travaux de plus de 21 jours dans les logements imposent une diminution de loyer
    Étant donné que les formulaires répondent :
      | champ        | valeur     |
      | notice_date  | 2026-03-02 |
      | access_start | 2026-03-23 |
      | access_end   | 2026-04-13 |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Décider de la réception des travaux"
    Alors la donnée "rent_reduction_due" du dossier vaut "true"
    Quand "diane" termine la tâche "Décider de la réception des travaux"
    Alors "gilles" voit la tâche "Ajuster loyers et charges après travaux"
    Quand "gilles" termine la tâche "Ajuster loyers et charges après travaux"
    Alors le dossier attend la tâche "Réaliser l'enquête de satisfaction"

  Scénario: Des désordres signalés pendant l'année de garantie sont repris par l'entreprise
    Étant donné que les formulaires répondent :
      | champ               | valeur |
      | outstanding_defects | true   |
    Et une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Réaliser l'enquête de satisfaction"
    Quand "claire" termine la tâche "Réaliser l'enquête de satisfaction"
    Et 366 jours passent
    Et "paul" termine la tâche "Clore la garantie de parfait achèvement"
    Alors "batibrie" voit la tâche "Reprendre les désordres de parfait achèvement"
    Quand "batibrie" termine la tâche "Reprendre les désordres de parfait achèvement"
    Alors le dossier est terminé

  Scénario: Une remise en état lourde transmise par la relocation arrive chez le technicien patrimoine
    Quand une remise en état transmet le logement "nord/les-tilleuls/b2/logt-12" pour 42000 euros de travaux lourds
    Alors "thomas" voit la tâche "Examiner la demande de travaux lourds"
    Et la donnée "dwelling" du dossier vaut "nord/les-tilleuls/b2/logt-12"
    Et le dossier vient de la relocation
    Quand "thomas" termine la tâche "Examiner la demande de travaux lourds"
    Alors le dossier attend la tâche "Inscrire l'opération au programme annuel"

  Scénario: Une demande de travaux lourds non examinée en 5 jours ouvrés remonte au responsable territorial
    Quand une remise en état transmet le logement "nord/les-tilleuls/b2/logt-12" pour 42000 euros de travaux lourds
    Alors la tâche "Examiner la demande de travaux lourds" est due le "2026-03-09"
    Quand 8 jours passent
    Et le contrôle des délais passe
    Alors la tâche "Examiner la demande de travaux lourds" est remontée au rôle "territorial_manager"
    Et "rachel" voit la tâche "Examiner la demande de travaux lourds"

  Scénario: L'avis individuel aux locataires est dû en 10 jours ouvrés, jours fériés exclus
    Étant donné une opération sur "nord/les-tilleuls/b2" menée jusqu'à la tâche "Analyser les offres et attribuer le marché"
    Quand 30 jours passent
    Et "paul" termine la tâche "Analyser les offres et attribuer le marché"
    Alors la tâche "Notifier individuellement chaque locataire" est due le "2026-04-16"

  Scénario: Une saisie invalide est refusée avec le champ en cause et rien ne change
    Quand "thomas" lance une opération sur le bâtiment "nord/les-tilleuls/b2"
    Et "thomas" soumet la tâche "Inscrire l'opération au programme annuel" avec :
      | champ            | valeur |
      | estimated_budget | -5     |
      | energy_rating    | H      |
    Alors la saisie est refusée sur le champ "estimated_budget" avec le message "doit être supérieur ou égal à 0"
    Et la saisie est refusée sur le champ "energy_rating" avec le message "valeur non autorisée"
    Et le dossier attend la tâche "Inscrire l'opération au programme annuel"
    Et le dossier n'a pas changé
