# language: fr
Fonctionnalité: Remettre en état et relouer un logement libéré
  Quand un locataire donne congé, la chargée de gestion locative enregistre le préavis, le
  gardien fait l'état des lieux de sortie, le technicien remet le logement en état, la CALEOL
  attribue le logement et la proposition passe de candidat en candidat jusqu'au bail. Le dépôt
  de garantie de l'ancien locataire est restitué dans le délai légal, et les vacances longues
  remontent au responsable territorial puis à la direction.

  Contexte:
    Étant donné le processus "vacancy_turnaround" déployé
    Et la chargée de gestion locative "martin" du territoire "nord"
    Et le gardien "dupont" du territoire "nord"
    Et la chargée de clientèle "leroy" du territoire "nord"
    Et le technicien patrimoine "bernard" du territoire "nord"
    Et le conducteur d'opération "petit" du territoire "nord"
    Et la responsable territoriale "moreau" du territoire "nord"
    Et le directeur "lambert" du territoire "nord"
    Et la commission d'attribution "caleol" du territoire "nord"
    Et l'entreprise "peinture77" du territoire "nord"
    Et le locataire "alves" du territoire "nord"

  Scénario: Du préavis à la relocation, sans incident
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et "martin" termine la tâche "Enregistrer le préavis" avec :
      | champ                      | valeur                        |
      | notice_received_date       | 2026-03-02                    |
      | reduced_notice_ground      | Aucun (préavis de trois mois) |
      | reduced_notice_proof_valid | non                           |
    Alors la fin du préavis est fixée au "2026-06-02"
    Et le dossier attend seulement la tâche "Précommercialiser le logement"
    Quand "martin" termine la tâche "Précommercialiser le logement"
    Et "martin" termine la tâche "Préparer le dossier de la CALEOL"
    Et "caleol" termine la tâche "Statuer sur l'attribution"
    Et "martin" termine la tâche "Notifier la décision aux candidats"
    Alors la proposition est adressée à "Mme Alves"
    Quand "martin" termine la tâche "Adresser la proposition de logement"
    Et "martin" termine la tâche "Enregistrer la réponse du candidat"
    Alors le dossier n'attend aucune tâche
    Quand on arrive au "2026-06-02"
    Alors "dupont" voit la tâche "Réaliser l'état des lieux de sortie" dans ses tâches
    Quand "dupont" termine la tâche "Réaliser l'état des lieux de sortie"
    Alors le dépôt de garantie est à restituer au plus tard le "2026-07-02"
    Quand "bernard" termine la tâche "Chiffrer les travaux de remise en état"
    Et "bernard" termine la tâche "Commander les travaux aux entreprises"
    Et "peinture77" termine la tâche "Réaliser les travaux"
    Et "bernard" termine la tâche "Réceptionner les travaux et contrôler la propreté"
    Et "martin" termine la tâche "Signer le bail et l'état des lieux d'entrée"
    Et "alves" termine la tâche "Compléter l'état des lieux d'entrée"
    Et "martin" termine la tâche "Restituer le dépôt de garantie"
    Alors le dossier est clos
    Et la majoration de retard est de 0 euros

  Plan du scénario: Un préavis réduit n'est accordé qu'avec un motif légal justifié
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et "martin" termine la tâche "Enregistrer le préavis" avec :
      | champ                      | valeur         |
      | notice_received_date       | <reçu le>      |
      | reduced_notice_ground      | <motif>        |
      | reduced_notice_proof_valid | <justificatif> |
    Alors la fin du préavis est fixée au "<fin>"

    Exemples:
      | reçu le    | motif                                            | justificatif | fin        |
      | 2026-03-02 | Premier emploi, mutation, perte ou nouvel emploi | oui          | 2026-04-02 |
      | 2026-03-02 | Premier emploi, mutation, perte ou nouvel emploi | non          | 2026-06-02 |
      | 2026-01-31 | Bénéficiaire du RSA ou de l'AAH                  | oui          | 2026-02-28 |
      | 2026-03-02 | Aucun (préavis de trois mois)                    | non          | 2026-06-02 |

  Scénario: La visite conseil a lieu un mois avant la sortie
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et "martin" termine la tâche "Enregistrer le préavis" avec :
      | champ                  | valeur     |
      | notice_received_date   | 2026-03-02 |
      | advice_visit_requested | oui        |
    Alors "leroy" ne voit aucune tâche
    Quand on arrive au "2026-05-02"
    Alors "leroy" voit la tâche "Réaliser la visite conseil (pré-état des lieux)" dans ses tâches
    Quand "leroy" termine la tâche "Réaliser la visite conseil (pré-état des lieux)"
    Et on arrive au "2026-06-02"
    Alors "dupont" voit la tâche "Réaliser l'état des lieux de sortie" dans ses tâches

  Plan du scénario: Un logement réservé est signalé à son réservataire
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Précommercialiser le logement"
    Et "martin" termine la tâche "Précommercialiser le logement" avec :
      | champ          | valeur         |
      | reserving_body | <réservataire> |
    Alors le dossier attend la tâche "<tâche suivante>"

    Exemples:
      | réservataire                         | tâche suivante                   |
      | Non réservé (contingent du bailleur) | Préparer le dossier de la CALEOL |
      | Action Logement                      | Informer le réservataire         |
      | Préfecture (contingent préfectoral)  | Informer le réservataire         |

  Plan du scénario: La décision de la CALEOL oriente la suite
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Statuer sur l'attribution"
    Et "caleol" termine la tâche "Statuer sur l'attribution" avec :
      | champ               | valeur       |
      | commission_decision | <décision>   |
      | candidate_ranking   | <classement> |
    Et "martin" termine la tâche "Notifier la décision aux candidats"
    Alors le dossier attend la tâche "<tâche suivante>"

    Exemples:
      | décision                                    | classement              | tâche suivante                      |
      | Attribution, candidats classés (rangs 1 à 3) | ["Mme Alves", "M. Benali"] | Adresser la proposition de logement |
      | Attribution sous condition suspensive       | ["Mme Alves"]           | Vérifier la condition suspensive    |
      | Non-attribution                             | []                      | Préparer le dossier de la CALEOL    |

  Plan du scénario: Une condition suspensive levée ou non
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Statuer sur l'attribution"
    Et "caleol" termine la tâche "Statuer sur l'attribution" avec :
      | champ               | valeur                                |
      | commission_decision | Attribution sous condition suspensive |
      | candidate_ranking   | ["Mme Alves"]                         |
    Et "martin" termine la tâche "Notifier la décision aux candidats"
    Et "martin" termine la tâche "Vérifier la condition suspensive" avec :
      | champ         | valeur   |
      | condition_met | <levée>  |
    Alors le dossier attend la tâche "<tâche suivante>"

    Exemples:
      | levée | tâche suivante                      |
      | oui   | Adresser la proposition de logement |
      | non   | Préparer le dossier de la CALEOL    |

  Scénario: Un refus fait passer la proposition au rang suivant, la liste épuisée revient en commission
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Adresser la proposition de logement"
    Alors la proposition est adressée à "Mme Alves"
    Quand "martin" termine la tâche "Adresser la proposition de logement"
    Et "martin" termine la tâche "Enregistrer la réponse du candidat" avec :
      | champ          | valeur                    |
      | offer_answer   | Refusée                   |
      | refusal_reason | Loyer ou charges trop élevés |
    Alors la proposition est adressée à "M. Benali"
    Quand "martin" termine la tâche "Adresser la proposition de logement"
    Et "martin" termine la tâche "Enregistrer la réponse du candidat" avec :
      | champ          | valeur       |
      | offer_answer   | Refusée      |
      | refusal_reason | Localisation |
    Alors la proposition est adressée à "Mme Costa"
    Quand "martin" termine la tâche "Adresser la proposition de logement"
    Et "martin" termine la tâche "Enregistrer la réponse du candidat" avec :
      | champ          | valeur               |
      | offer_answer   | Refusée              |
      | refusal_reason | Raisons personnelles |
    Alors le dossier attend seulement la tâche "Préparer le dossier de la CALEOL"

  Scénario: Le silence du candidat après dix jours vaut refus
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Adresser la proposition de logement"
    Et on arrive au "2026-03-23"
    Et "martin" termine la tâche "Adresser la proposition de logement" avec :
      | champ             | valeur     |
      | offer_date        | 2026-03-23 |
      | answer_delay_days | 10         |
    Alors la date limite de réponse est le "2026-04-02"
    Quand on arrive au "2026-04-02"
    Alors le dossier attend la tâche "Enregistrer la réponse du candidat"
    Quand on arrive au "2026-04-03"
    Alors la proposition est adressée à "M. Benali"
    Et le refus de "Mme Alves" est motivé par son silence

  Plan du scénario: Le niveau de travaux et leur montant décident de la suite
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Chiffrer les travaux de remise en état"
    Et "bernard" termine la tâche "Chiffrer les travaux de remise en état" avec :
      | champ        | valeur    |
      | works_level  | <niveau>  |
      | works_amount | <montant> |
    Alors le dossier attend la tâche "<tâche suivante>"

    Exemples:
      | niveau                             | montant  | tâche suivante                        |
      | Rafraîchissement                   | 3000     | Commander les travaux aux entreprises |
      | Remise en état standard            | 15000    | Commander les travaux aux entreprises |
      | Remise en état standard            | 15000.01 | Approuver le devis de remise en état  |
      | Travaux lourds (vacance technique) | 60000    | Constater la fin de la réhabilitation |

  Scénario: Sans travaux, le logement est aussitôt prêt à louer
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Chiffrer les travaux de remise en état"
    Et "bernard" termine la tâche "Chiffrer les travaux de remise en état" avec :
      | champ        | valeur        |
      | works_level  | Aucun travaux |
      | works_amount | 0             |
    Alors le dossier attend la tâche "Signer le bail et l'état des lieux d'entrée"

  Plan du scénario: Le responsable territorial approuve ou renvoie un devis au-dessus du seuil
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Chiffrer les travaux de remise en état"
    Et "bernard" termine la tâche "Chiffrer les travaux de remise en état" avec :
      | champ        | valeur |
      | works_amount | 22000  |
    Et "moreau" termine la tâche "Approuver le devis de remise en état" avec :
      | champ          | valeur      |
      | works_approved | <approuvé>  |
    Alors le dossier attend la tâche "<tâche suivante>"

    Exemples:
      | approuvé | tâche suivante                         |
      | oui      | Commander les travaux aux entreprises  |
      | non      | Chiffrer les travaux de remise en état |

  Scénario: Des travaux lourds passent le logement en vacance technique et en réhabilitation
    Étant donné un processus de réhabilitation déployé
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Chiffrer les travaux de remise en état"
    Et "bernard" termine la tâche "Chiffrer les travaux de remise en état" avec :
      | champ        | valeur                             |
      | works_level  | Travaux lourds (vacance technique) |
      | works_amount | 60000                              |
    Alors un dossier de réhabilitation est ouvert pour "nord/les-tilleuls/b2/logt-12" avec 60000 euros de travaux
    Et "petit" voit la tâche "Constater la fin de la réhabilitation" dans ses tâches
    Quand "petit" termine la tâche "Constater la fin de la réhabilitation"
    Alors le dossier attend la tâche "Signer le bail et l'état des lieux d'entrée"

  Scénario: Des travaux non conformes repartent en levée de réserves
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Réceptionner les travaux et contrôler la propreté"
    Et "bernard" termine la tâche "Réceptionner les travaux et contrôler la propreté" avec :
      | champ          | valeur |
      | cleanliness_ok | non    |
    Alors "peinture77" voit la tâche "Lever les réserves" dans ses tâches
    Quand "peinture77" termine la tâche "Lever les réserves"
    Alors le dossier attend la tâche "Réceptionner les travaux et contrôler la propreté"

  Scénario: Une entreprise en retard est relancée sans arrêter le chantier
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Commander les travaux aux entreprises"
    Et "bernard" termine la tâche "Commander les travaux aux entreprises" avec :
      | champ                  | valeur     |
      | works_planned_end_date | 2026-06-19 |
    Et on arrive au "2026-06-19"
    Alors "bernard" ne voit aucune tâche
    Quand on arrive au "2026-06-20"
    Alors "bernard" voit la tâche "Relancer l'entreprise en retard" dans ses tâches
    Et le dossier attend la tâche "Réaliser les travaux"

  Plan du scénario: Le délai de restitution du dépôt dépend de l'état des lieux de sortie
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Réaliser l'état des lieux de sortie"
    Et "dupont" termine la tâche "Réaliser l'état des lieux de sortie" avec :
      | champ                    | valeur     |
      | keys_returned_date       | 2026-06-02 |
      | move_out_matches_move_in | <conforme> |
    Alors le dépôt de garantie est à restituer au plus tard le "<échéance>"
    Et "moreau" ne voit aucune tâche
    Quand on arrive au "<alerte>"
    Alors "moreau" voit la tâche "Relancer la restitution du dépôt" dans ses tâches
    Et le dossier attend la tâche "Restituer le dépôt de garantie"

    Exemples:
      | conforme | échéance   | alerte     |
      | oui      | 2026-07-02 | 2026-06-28 |
      | non      | 2026-08-02 | 2026-07-28 |

  Plan du scénario: Une restitution tardive du dépôt coûte 10 % du loyer par mois commencé
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Restituer le dépôt de garantie"
    Et "martin" termine la tâche "Restituer le dépôt de garantie" avec :
      | champ               | valeur     |
      | refund_payment_date | <payé le>  |
    Alors la majoration de retard est de <majoration> euros
    Et le dossier <attente> la tâche "Verser la majoration de retard"

    Exemples:
      | payé le    | majoration | attente       |
      | 2026-07-02 | 0          | n'attend pas  |
      | 2026-07-03 | 45         | attend        |
      | 2026-08-03 | 90         | attend        |

  Scénario: Une vacance longue remonte au responsable territorial puis à la direction
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Réaliser l'état des lieux de sortie"
    Et "dupont" termine la tâche "Réaliser l'état des lieux de sortie" avec :
      | champ              | valeur     |
      | keys_returned_date | 2026-06-02 |
    Et on arrive au "2026-07-02"
    Alors "moreau" ne voit pas la tâche "Examiner la vacance de plus de 30 jours"
    Quand on arrive au "2026-07-03"
    Alors "moreau" voit la tâche "Examiner la vacance de plus de 30 jours" dans ses tâches
    Et "lambert" ne voit aucune tâche
    Quand on arrive au "2026-09-03"
    Alors "lambert" voit la tâche "Arbitrer la vacance de plus de 3 mois" dans ses tâches

  Scénario: Un logement reloué vite ne déclenche aucune alerte de vacance
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Compléter l'état des lieux d'entrée"
    Et "alves" termine la tâche "Compléter l'état des lieux d'entrée"
    Et on arrive au "2026-12-31"
    Alors "moreau" ne voit pas la tâche "Examiner la vacance de plus de 30 jours"
    Et "lambert" ne voit aucune tâche

  Scénario: Passé dix jours, l'état des lieux d'entrée est définitif
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Compléter l'état des lieux d'entrée"
    Et "martin" termine la tâche "Restituer le dépôt de garantie"
    Et 10 jours passent
    Alors le dossier attend la tâche "Compléter l'état des lieux d'entrée"
    Quand 1 jours passent
    Alors le dossier est clos

  Scénario: Une opération neuve livrée passe directement en première mise en location
    Étant donné un processus de construction qui livre ses logements à la relocation
    Quand "martin" livre l'opération "OP-2026-07" pour la résidence "nord/les-rives"
    Alors un dossier de vacance est ouvert par la livraison de l'opération
    Et le dossier attend seulement la tâche "Précommercialiser le logement"
    Quand le dossier est mené jusqu'à la tâche "Signer le bail et l'état des lieux d'entrée"
    Alors aucune tâche de préavis, d'état des lieux de sortie ni de travaux n'a été ouverte

  Scénario: Un chiffrage en retard est signalé au responsable territorial
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "Chiffrer les travaux de remise en état"
    Alors la tâche "Chiffrer les travaux de remise en état" est due le "2026-06-09" à minuit
    Quand on arrive au "2026-06-10"
    Et le contrôle des délais passe
    Alors "moreau" voit la tâche "Chiffrer les travaux de remise en état" dans ses tâches

  Plan du scénario: Une saisie invalide est refusée sans rien changer
    Quand "martin" ouvre un dossier de vacance pour le logement "nord/les-tilleuls/b2/logt-12"
    Et le dossier est mené jusqu'à la tâche "<tâche>"
    Et "martin" essaie de terminer la tâche "<tâche>" avec :
      | champ   | valeur   |
      | <champ> | <valeur> |
    Alors la saisie est refusée avec le message "<message>" sur le champ "<champ>"
    Et le dossier attend la tâche "<tâche>"

    Exemples:
      | tâche                               | champ             | valeur                       | message                           |
      | Préparer le dossier de la CALEOL    | candidates        | [{"name": "Mme Alves", "household_size": 2, "annual_income": 1, "income_ceiling": 2, "origin": "landlord"}] | valeur invalide (minItems) |
      | Adresser la proposition de logement | answer_delay_days | 7                            | doit être supérieur ou égal à 10  |
      | Enregistrer le préavis              | monthly_rent      | -450                         | doit être supérieur ou égal à 0   |
      | Enregistrer le préavis              | notice_received_date | 02/03/2026                | format invalide (attendu : date)  |
